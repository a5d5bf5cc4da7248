from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = _("Users")

    def ready(self) -> None:
        from django.contrib.auth.models import Group, Permission

        from .backends import new_generation
        from .models import User

        # What decides a user's permissions: a change to any of it forgets the kept sets.
        for links in (User.groups, User.user_permissions, Group.permissions):
            m2m_changed.connect(new_generation, sender=links.through)
        for model in (User, Group, Permission):
            post_save.connect(new_generation, sender=model)
            post_delete.connect(new_generation, sender=model)
