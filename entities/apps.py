from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    """Connects the slug and cache signals when the app registry is ready."""

    name = "entities"
    verbose_name = _("Entities")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from . import signals

        entity = self.get_model("Entity")
        pre_save.connect(signals.set_slug, sender=entity)
        post_save.connect(signals.entity_saved, sender=entity)
        post_delete.connect(signals.entity_deleted, sender=entity)
