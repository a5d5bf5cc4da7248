"""The Comment model."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entities.models import Entity


class Comment(models.Model):
    """A visitor's comment on an entity; deleted with the entity."""

    MAX_LENGTH = 5000

    entity = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("entity"),
        # Covered by the (entity, created_at, id) index below.
        db_index=False,
    )
    name = models.CharField(pgettext_lazy("comment author", "name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    content = models.TextField(_("comment"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            # The comments of one entity in order: the entity page and its pagination.
            models.Index(fields=["entity", "created_at", "id"], name="comment_entity_in_order"),
        ]

    def __str__(self) -> str:
        return _("Comment by %(name)s") % {"name": self.name}
