"""Posting a comment from an entity's page."""

from math import ceil

from django.contrib.messages.views import SuccessMessageMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from entities.models import Entity
from entities.views import EntityCommentsMixin

from .forms import CommentForm


class CommentCreateView(EntityCommentsMixin, SingleObjectMixin, SuccessMessageMixin, FormView):
    """POST only. Success goes back to the entity page at the new comment; an
    invalid form renders the entity page again with the errors and what was typed.

    Queries on success: the entity, then in one transaction the comment's
    INSERT, the entity's count and the content versions (UPDATEs).
    """

    model = Entity
    form_class = CommentForm
    template_name = "entities/entity_detail.html"
    http_method_names = ["post"]
    success_message = _("Thank you, your comment was posted.")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: CommentForm):
        form.instance.entity = self.object
        self.comment = form.save()
        return super().form_valid(form)

    def get_success_url(self) -> str:
        # The new comment is the newest, so it is on the last page. Saving the
        # comment added it to the entity's count.
        last_page = max(1, ceil(self.object.comment_count / self.comments_per_page))
        return f"{self.object.get_absolute_url()}?page={last_page}#comment-{self.comment.pk}"
