"""The site's user model (AUTH_USER_MODEL), custom from the first migration as Django's
documentation recommends: changing it later means rewriting foreign keys by hand."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from entities.names import NameField


class User(AbstractUser):
    """A person who signs in by email (staff: a user name) and comments under ``name``."""

    name = NameField(_("name"), max_length=100)

    REQUIRED_FIELDS = ["email", "name"]

    class Meta(AbstractUser.Meta):
        constraints = [
            # One account per address, any case; blank more than once (staff may have none).
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ignoring_case",
                violation_error_message=_("An account with this email address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name shown with their comments (older accounts: the user name)."""
        return self.name or self.get_username()
