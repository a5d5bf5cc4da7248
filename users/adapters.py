from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from django.contrib.auth.hashers import make_password
from django.http import HttpResponse
from django.utils.crypto import get_random_string


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
        user = self.login.user
        if user is None:
            # A sign-up with a taken address, answered as a new one: with the hashing a
            # new password costs (as Django's ModelBackend does for unknown users), so
            # the time does not tell that the address has an account.
            make_password(get_random_string(20))
        elif not EmailAddress.objects.filter(user_id=user.pk).exists():
            return None, True
        return super().handle()
