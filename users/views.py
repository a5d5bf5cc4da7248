"""The account page, and allauth's sign-up and password-reset views under the site's limits."""

from http import HTTPStatus
from math import ceil
from typing import TYPE_CHECKING, Any, cast

from allauth.account import views as allauth_views
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, QueryDict
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from project.pagination import CappedPaginator
from project.ratelimit import RateLimit, client_address

if TYPE_CHECKING:
    from users.models import User

    # What the mixin is mixed into, for the checker only: at run time it is a plain class.
    _FormViewBase = FormView[forms.Form]
else:
    _FormViewBase = object


class LimitedFormMixin(_FormViewBase):
    """Refuses the form with status 429 once the client address is over ``rate_limit``.

    The refusal is the same whatever was typed, so it tells nothing about accounts.
    """

    rate_limit: RateLimit

    def form_valid(self, form: forms.Form) -> HttpResponse:
        if not self.rate_limit.hit(client_address(self.request)):
            minutes = ceil(self.rate_limit.rate.period / 60)
            form.add_error(
                None,
                ngettext(
                    "Too many attempts from your network. Please try again in %(minutes)d minute.",
                    "Too many attempts from your network. Please try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = self.form_invalid(form)
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
            response["Retry-After"] = str(self.rate_limit.rate.period)
            return response
        return super().form_valid(form)


class SignupView(LimitedFormMixin, allauth_views.SignupView):
    rate_limit = RateLimit("signup", "SIGNUP_RATE_LIMIT")


class PasswordResetView(LimitedFormMixin, allauth_views.PasswordResetView):
    rate_limit = RateLimit("password-reset", "PASSWORD_RESET_RATE_LIMIT")


class AccountView(LoginRequiredMixin, TemplateView):
    """The signed-in person's account and their own comments, newest first."""

    template_name = "users/account.html"
    comments_per_page = 20

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = cast("User", self.request.user)  # LoginRequiredMixin: signed in
        comments = user.comments.select_related("entity").order_by("-created_at", "-id")
        paginator = CappedPaginator(comments, self.comments_per_page)
        return super().get_context_data(
            comment_page=paginator.get_page(self.request.GET.get("page")),
            page_query=QueryDict(),
            **kwargs,
        )
