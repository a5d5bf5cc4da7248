"""Posting a comment from an entity's page."""

from http import HTTPStatus
from math import ceil

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from entities.models import Entity
from entities.views import EntityCommentsMixin
from project.ratelimit import RateLimit, client_address

from .forms import CommentForm


class CommentCreateView(EntityCommentsMixin, SingleObjectMixin, SuccessMessageMixin, FormView):
    """POST only. Success goes back to the entity page at the new comment; an
    invalid form renders the entity page again with the errors and what was typed.

    Robots that fill the trap field get the same redirect and message as people,
    and nothing is stored. A client over ``COMMENT_RATE_LIMIT`` gets the page back
    with status 429 and its comment still in the form.

    Queries on success: the entity, then in one transaction the comment's
    INSERT and the entity's count and version (one UPDATE), then the number of
    the entity's comments, for the page the new one is on.
    """

    model = Entity
    form_class = CommentForm
    template_name = "entities/entity_detail.html"
    http_method_names = ["post"]
    success_message = _("Thank you, your comment was posted.")
    rate_limit = RateLimit("comment", "COMMENT_RATE_LIMIT")
    comment = None

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: CommentForm) -> HttpResponse:
        if form.is_from_robot():
            messages.success(self.request, self.success_message)
            return HttpResponseRedirect(self.get_success_url())
        if not self.rate_limit.hit(client_address(self.request)):
            return self.too_many(form)
        form.instance.entity = self.object
        # One transaction: Comment.save() writes the row and moves the entity's
        # count and version, which makes its cached pages stale.
        self.comment = form.save()
        return super().form_valid(form)

    def too_many(self, form: CommentForm) -> HttpResponse:
        """The entity page again, the comment kept in the form, status 429."""
        period = self.rate_limit.rate.period
        minutes = ceil(period / 60)
        form.add_error(
            None,
            ngettext(
                "You have posted several comments in a short time, so this one was "
                "not saved yet. It is still in the form below: please send it again "
                "in %(minutes)d minute.",
                "You have posted several comments in a short time, so this one was "
                "not saved yet. It is still in the form below: please send it again "
                "in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = self.form_invalid(form)
        response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        response["Retry-After"] = str(period)
        return response

    def get_success_url(self) -> str:
        # The new comment is the newest, so it is on the last page. Counted, not
        # taken from the stored count, which only labels.
        count = self.object.comments.count() if self.comment else 0
        last_page = max(1, ceil(count / self.comments_per_page))
        anchor = f"comment-{self.comment.pk}" if self.comment else "comments"
        return f"{self.object.get_absolute_url()}?page={last_page}#{anchor}"
