"""Posting a comment from an entity's page; editing, deleting and moderating it."""

from http import HTTPStatus
from math import ceil
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DeleteView, FormView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_htmx.http import HttpResponseClientRedirect, push_url

from entities.models import Entity
from entities.views import EntityCommentsMixin
from project.pagination import CappedPaginator
from project.partials import PartialTemplateMixin, wants_partial
from project.rates import parse_rate, within_rate

from . import notify
from .forms import AccountCommentForm, CommentForm, comment_form_class
from .models import Comment

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # For the checker only: the edit view with its form, which Django's class cannot say.
    _UpdateView = UpdateView[Comment, AccountCommentForm]
else:
    _UpdateView = UpdateView


class CommentCreateView(
    PartialTemplateMixin, EntityCommentsMixin, SingleObjectMixin, SuccessMessageMixin, FormView
):
    """POST only. Success goes back to the entity page at the new comment; an
    invalid form renders the entity page again with the errors and what was typed.

    Posted by htmx, the answer is the part of the page that changed instead
    (``comments/comment_form_partial.html``): the form with its errors, or, once
    posted, a new form under the message, with the page of comments the new one is
    on and that page's address for the location bar. No message is stored for the
    next page then: this answer shows it.

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
    partial_template_name = "comments/comment_form_partial.html"
    http_method_names = ["post"]
    success_message = _("Thank you, your comment was posted.")
    pending_message = _(
        "Thank you. Your comment waits for a moderator's approval and will appear "
        "once it is approved."
    )
    csrf_message = _(
        "Your comment was not sent yet: for your security, please press “Post comment” "
        "once more. Everything you typed is still in the form. Posting needs this "
        "site's cookies: should this message come back, allow them in your browser."
    )
    comment: Comment | None = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if not request.user.is_authenticated and not settings.COMMENTS_ALLOW_ANONYMOUS:
            response = redirect_to_login(self.object.get_absolute_url())
            # htmx would follow a redirect itself and show the sign-in page in the form's place.
            return HttpResponseClientRedirect(response.url) if wants_partial(request) else response
        return super().post(request, *args, **kwargs)

    def csrf_failed(self) -> HttpResponse | None:
        """Sent without a valid CSRF token (``project.views.csrf_failure``): the page
        again, the comment as typed, and a token to send it with. Nothing was saved.

        The form of a page kept for every anonymous visitor gets its token from the
        browser's script; without JavaScript it comes without one, and this is its
        way in. Only for anonymous visitors: a signed-in person's page always carries
        a token, so a form without one is more likely forged than theirs, and Django
        refuses it.
        """
        if self.request.user.is_authenticated or not settings.COMMENTS_ALLOW_ANONYMOUS:
            return None
        self.object = self.get_object()
        form = self.get_form()
        form.add_error(None, self.csrf_message)
        # As any form with errors: 200, which htmx also shows in the form's place.
        return self.form_invalid(form)

    def get_form_class(self) -> type[CommentForm | AccountCommentForm]:
        return comment_form_class(self.request.user)

    def get_success_message(self, cleaned_data: dict) -> "StrOrPromise":
        if self.comment is not None and not self.comment.is_visible:
            return self.pending_message
        return self.success_message

    def form_valid(self, form: CommentForm) -> HttpResponse:
        if form.is_from_robot():
            if wants_partial(self.request):
                return self.posted(self.success_message)
            messages.success(self.request, self.success_message)
            return HttpResponseRedirect(self.get_success_url())
        if not within_rate(self.request, "comment", settings.COMMENT_RATE_LIMIT):
            return self.too_many(form)
        form.instance.entity = self.object
        user = self.request.user
        if user.is_authenticated:
            form.instance.user = user
            form.instance.name = user.display_name[: Comment._meta.get_field("name").max_length]
        form.instance.status = Comment.status_for_new(user)
        # One transaction: Comment.save() writes the row and moves the entity's
        # count and version, which makes its cached pages stale.
        self.comment = form.save()
        if not self.comment.is_visible:
            notify.comment_waits(self.request, self.comment)
        if wants_partial(self.request):
            return self.posted(self.get_success_message(form.cleaned_data))
        return super().form_valid(form)

    def posted(self, message: "StrOrPromise") -> HttpResponse:
        """For htmx: the page of comments the new one is on and an empty form under
        ``message``, and that page's address for the location bar."""
        self.comment_page_asked = self.success_page()[0]
        form = self.get_form_class()()
        response = self.render_to_response(self.get_context_data(form=form, posted_message=message))
        return push_url(response, self.shown_path())

    def form_invalid(self, form: CommentForm) -> HttpResponse:
        if wants_partial(self.request):
            # htmx puts the focus where autofocus is: on the first field to correct.
            wrong = [name for name in form.errors if name in form.fields] or list(form.fields)
            form.fields[wrong[0]].widget.attrs["autofocus"] = True
        return super().form_invalid(form)

    def too_many(self, form: CommentForm) -> HttpResponse:
        """The entity page again, the comment kept in the form, status 429."""
        period = (parse_rate(settings.COMMENT_RATE_LIMIT) or (0, 60))[1]
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

    def success_page(self) -> tuple[int, str]:
        """The comment page the new comment is on, and its anchor there."""
        # The new comment is the newest, so it is on the last page. Counted, not
        # taken from the stored count, which only labels. One that waits for
        # approval is not on the page (unless a moderator looks).
        shown = self.comment is not None and (
            self.comment.is_visible or self.request.user.has_perm("comments.moderate_comment")
        )
        count = self.object.comments.shown_to(self.request.user).count() if shown else 0
        last_page = max(1, ceil(count / self.comments_per_page))
        anchor = f"comment-{self.comment.pk}" if shown and self.comment is not None else "comments"
        return last_page, anchor

    def get_success_url(self) -> str:
        last_page, anchor = self.success_page()
        return f"{self.object.get_absolute_url()}?page={last_page}#{anchor}"


class OwnCommentMixin(LoginRequiredMixin):
    """The comment at ``<slug>/comments/<pk>/``, for its writer within the edit
    window only: anyone else, or later, gets 403."""

    model = Comment
    context_object_name: str | None = "comment"
    # Set by the view this is mixed into.
    request: HttpRequest
    kwargs: dict[str, Any]
    object: Comment

    def get_object(self, queryset: QuerySet[Comment] | None = None) -> Comment:
        comment = get_object_or_404(
            Comment.objects.select_related("entity"),
            pk=self.kwargs["pk"],
            entity__slug=self.kwargs["slug"],
        )
        if not comment.can_be_changed_by(self.request.user):
            raise PermissionDenied
        return comment

    def get_success_url(self) -> str:
        return f"{self.object.entity.get_absolute_url()}#comments"


class CommentUpdateView(OwnCommentMixin, SuccessMessageMixin, _UpdateView):
    form_class = AccountCommentForm
    template_name = "comments/comment_edit.html"
    success_message = _("Your comment was saved.")

    def form_valid(self, form: AccountCommentForm) -> HttpResponse:
        form.instance.edited_at = timezone.now()
        response = super().form_valid(form)
        return response

    def get_success_url(self) -> str:
        return f"{self.object.entity.get_absolute_url()}#comment-{self.object.pk}"


class CommentDeleteView(OwnCommentMixin, SuccessMessageMixin, DeleteView):
    template_name = "comments/comment_confirm_delete.html"
    success_message = _("Your comment was deleted.")


class CommentModerateView(PermissionRequiredMixin, View):
    """POST ``action=hide`` or ``action=publish`` (show, or approve): through the
    queryset methods, which move the entity's count and version at once."""

    permission_required = "comments.moderate_comment"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        comments = Comment.objects.filter(pk=pk, entity__slug=slug)
        comment = get_object_or_404(comments.select_related("entity"))
        action = request.POST.get("action")
        if action == "hide":
            comments.hide()
            messages.success(request, _("The comment is hidden from visitors."))
        elif action == "publish":
            comments.publish()
            messages.success(request, _("The comment is shown to visitors."))
        else:
            return HttpResponse(status=HTTPStatus.BAD_REQUEST)
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect(f"{comment.entity.get_absolute_url()}#comment-{comment.pk}")


class PendingCommentListView(PermissionRequiredMixin, ListView):
    """The comments that wait for approval, oldest first: the moderators' queue."""

    permission_required = "comments.moderate_comment"
    template_name = "comments/pending_list.html"
    context_object_name = "comment_list"
    paginate_by = 50
    paginator_class = CappedPaginator

    def get_queryset(self) -> QuerySet[Comment]:
        return Comment.objects.pending().select_related("entity").order_by("created_at", "id")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(page_query=QueryDict(), **kwargs)
