"""Edits made on the site's own pages, in the admin's history (``LogEntry``)."""

from typing import Any, cast

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.admin.utils import construct_change_message
from django.http import HttpRequest, HttpResponse
from django.views.generic.edit import BaseDeleteView


class LoggedEditMixin:
    """A generic edit view's edit in the admin's history, with the admin's change message:
    Django has no writer for edits outside the admin."""

    request: HttpRequest
    object: Any

    def form_valid(self, form: Any) -> HttpResponse:
        if isinstance(self, BaseDeleteView):  # recorded while the object still has its key
            self.log(DELETION)
            return super().form_valid(form)  # type: ignore[misc]
        adding = self.object is None
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        self.log(ADDITION if adding else CHANGE, construct_change_message(form, [], adding))
        return response

    def log(self, action_flag: int, message: list[Any] | None = None) -> None:
        user_id = cast(int, self.request.user.pk)  # the views that edit need a signed-in person
        LogEntry.objects.log_actions(user_id, [self.object], action_flag, message or "")
