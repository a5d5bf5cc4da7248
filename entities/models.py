"""The Entity model and its named querysets."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EntityQuerySet(models.QuerySet):
    """Named queries for entities."""

    def search(self, query: str) -> "EntityQuerySet":
        """Entities whose name or content contains ``query``, ignoring case."""
        query = query.strip()
        if not query:
            return self
        return self.filter(models.Q(name__icontains=query) | models.Q(content__icontains=query))


class Entity(models.Model):
    """Something with a name, a URL slug and a text, that people comment on."""

    name = models.CharField(_("name"), max_length=200)
    # Set by entities.signals.set_slug from the name; never typed by people.
    slug = models.SlugField(_("slug"), max_length=220, unique=True, editable=False)
    content = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by ``comments.models.Comment`` in the same transaction as each comment
    # written or deleted, so no page counts comments row by row.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="entity_name_unique_ignoring_case",
                violation_error_message=_("An entity with this name already exists."),
            ),
        ]
        indexes = [models.Index(fields=["-created_at", "-id"], name="entity_newest_first")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("entities:detail", kwargs={"slug": self.slug})


class ContentVersion(models.Model):
    """One row of counters that writes move in the writer's transaction.

    Cached pages and figures carry the versions in their keys, so a write in any
    process makes every process's copy stale at once, whatever cache backend is
    used (even a per-process one). ``entities`` changes when an entity is
    created or deleted (the list's order and length); ``content`` on any write
    at all. ``entity_count`` is the number of entities, so the list never
    counts a big table.
    """

    entities = models.PositiveBigIntegerField(default=0)
    content = models.PositiveBigIntegerField(default=0)
    entity_count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return f"{self.entities}.{self.content}"
