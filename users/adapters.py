"""allauth's account adapter, with its mail sent by a background task, and the
staff's accounts signed in without an address to confirm."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from django.http import HttpResponse

from project.mail import enqueue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered here, in the request's language; sent by ``project.mail.send_email``."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        enqueue_email(self.render_mail(template_prefix, email, ctx))

    def get_login_stages(self) -> list[str]:
        """allauth's stages, its check of a confirmed address ``ConfirmedAddressStage``."""
        stage = "allauth.account.stages.EmailVerificationStage"
        return [
            "users.adapters.ConfirmedAddressStage" if path == stage else path
            for path in super().get_login_stages()
        ]


class ConfirmedAddressStage(EmailVerificationStage):
    """allauth's check of a confirmed address, for accounts that gave allauth one:
    staff made with ``createsuperuser`` have none to confirm (no setting says so)."""

    def handle(self) -> tuple[HttpResponse | None, bool]:
        user = self.login.user
        if user is not None and not EmailAddress.objects.filter(user_id=user.pk).exists():
            return None, True
        return super().handle()
