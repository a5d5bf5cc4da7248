from django.apps import AppConfig
from django.db.models.signals import post_delete, pre_save
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = _("Entities")

    def ready(self) -> None:
        from . import signals

        pre_save.connect(signals.set_slug, sender=self.get_model("Entity"))
        post_delete.connect(signals.forget_deleted, sender=self.get_model("Entity"))
