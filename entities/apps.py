from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    """Connects the slug signal when the app registry is ready."""

    name = "entities"
    verbose_name = _("Entities")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from . import signals

        pre_save.connect(signals.set_slug, sender=self.get_model("Entity"))
