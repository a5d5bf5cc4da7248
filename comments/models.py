"""The Comment model, which keeps its entity's ``comment_count`` and ``version`` right."""

from collections import Counter
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entities.models import Entity


def _entity_changed(entity_id: int, delta: int = 0) -> None:
    """The entity's pages changed: a new version, and ``delta`` more comments.

    An UPDATE with F(): concurrent posts add up instead of overwriting each
    other, and only this entity's row is locked until the writer commits.
    """
    count = F("comment_count") + delta
    Entity.objects.filter(pk=entity_id).update(
        comment_count=count if delta >= 0 else Greatest(count, 0),
        version=F("version") + 1,
    )


class CommentQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the comments and take them off their entities' counts."""
        with transaction.atomic(using=self.db):
            per_entity = Counter(
                dict(
                    self.order_by()
                    .values("entity")
                    .annotate(n=models.Count("pk"))
                    .values_list("entity", "n")
                )
            )
            result = super().delete()
            for entity_id, n in per_entity.items():
                _entity_changed(entity_id, -n)
        return result

    delete.alters_data = True
    delete.queryset_only = True


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

    objects = CommentQuerySet.as_manager()

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

    # Counting is done here rather than in signal receivers: a receiver on
    # Comment would make Django load every comment of an entity being deleted,
    # one by one, instead of deleting them with one statement.
    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        with transaction.atomic(using=kwargs.get("using")):
            moved_from = None
            if not adding:
                moved_from = (
                    Comment.objects.filter(pk=self.pk).values_list("entity_id", flat=True).first()
                )
            super().save(*args, **kwargs)
            if adding:
                _entity_changed(self.entity_id, +1)
                if Comment.entity.is_cached(self):
                    self.entity.comment_count += 1
            elif moved_from is not None and moved_from != self.entity_id:
                _entity_changed(moved_from, -1)
                _entity_changed(self.entity_id, +1)
            else:
                _entity_changed(self.entity_id)

    save.alters_data = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=kwargs.get("using")):
            entity_id = self.entity_id
            result = super().delete(*args, **kwargs)
            if result[0]:
                _entity_changed(entity_id, -1)
        return result

    delete.alters_data = True
