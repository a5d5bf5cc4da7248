"""allauth's account adapter, with its mail sent by a background task."""

from allauth.account.adapter import DefaultAccountAdapter

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
