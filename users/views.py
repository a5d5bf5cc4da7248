from http import HTTPStatus
from typing import Any

from allauth.account import views as allauth_views
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from comments.models import Comment
from project.pagination import CappedPaginator, page_number

from .forms import NameForm
from .models import User


class LoginView(allauth_views.LoginView):
    """allauth's sign-in in the site's words, with 429 (not 200) while failures pause it."""

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)
        login = form.fields["login"]
        login.label = login.widget.attrs["placeholder"] = _("Email address or user name")
        # Refused before any query: SQLite refuses a LIKE pattern that long.
        login.validators.append(MaxLengthValidator(254))
        return form

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response


class AccountView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    """The signed-in person's account: their name and their comments, newest first."""

    template_name = "users/account.html"
    form_class = NameForm
    success_url = reverse_lazy("users:account")
    success_message = _("Your name was saved: your new comments are shown under “%(name)s”.")

    def get_object(self, queryset: QuerySet[User] | None = None) -> User:
        return self.request.user  # type: ignore[return-value]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        comments = Comment.objects.filter(user=self.request.user.pk).select_related("entity")
        paginator = CappedPaginator(comments.order_by("-created_at", "-id"), 20)
        return super().get_context_data(
            comment_page=paginator.get_page(page_number(self.request.GET.get("page"))),
            page_query=QueryDict(),
            **kwargs,
        )
