from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from django.http import HttpResponse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self) -> list[str]:
        stage = "allauth.account.stages.EmailVerificationStage"
        return [
            "users.adapters.ConfirmedAddressStage" if path == stage else path
            for path in super().get_login_stages()
        ]


class ConfirmedAddressStage(EmailVerificationStage):
    """allauth's check of a confirmed address, for accounts that gave allauth one:
    staff made with ``createsuperuser`` have none to confirm (no setting says so)."""

    def handle(self) -> tuple[HttpResponse | None, bool]:
        user = self.login.user  # None: a sign-up with a taken address, answered as a new one
        if user is not None and not EmailAddress.objects.filter(user_id=user.pk).exists():
            return None, True
        return super().handle()
