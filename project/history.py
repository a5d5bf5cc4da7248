"""Edits made on the site's own pages, in the admin's history (``LogEntry``)."""

from typing import Any, cast

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.admin.utils import construct_change_message
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.views.generic.edit import BaseDeleteView


def log_edit(
    request: HttpRequest, obj: Model, action_flag: int, message: str | list[Any] = ""
) -> None:
    """As ModelAdmin.log_change() writes it: Django has no writer for edits outside the admin."""
    user_id = cast(int, request.user.pk)  # the views that edit need a signed-in person
    LogEntry.objects.log_actions(user_id, [obj], action_flag, message, single_object=True)


class LoggedEditMixin:
    """A generic create, update or delete view's edit in the admin's history, with the
    admin's own change message: one mixin rather than a form_valid() in each view."""

    request: HttpRequest
    object: Any

    def form_valid(self, form: Any) -> HttpResponse:
        if isinstance(self, BaseDeleteView):  # recorded while the object still has its key
            log_edit(self.request, self.object, DELETION)
            return super().form_valid(form)  # type: ignore[misc]
        adding = self.object is None
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        message = construct_change_message(form, [], adding)
        log_edit(self.request, self.object, ADDITION if adding else CHANGE, message)
        return response
