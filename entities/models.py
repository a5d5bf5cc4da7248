"""The Entity model and its named querysets."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EntityQuerySet(models.QuerySet):
    """Named queries for entities."""

    def search(self, query: str) -> "EntityQuerySet":
        """Entities whose name or content contains ``query``, ignoring case."""
        # PostgreSQL refuses NUL in any text parameter, and no stored text has
        # one (form fields reject it), so dropping it changes no result.
        query = query.replace("\x00", "").strip()
        if not query:
            return self
        return self.filter(models.Q(name__icontains=query) | models.Q(content__icontains=query))

    def with_comment_counts(self) -> "EntityQuerySet":
        """Annotate ``comment_count``: one subquery per entity returned, not a
        join and group over the whole comment table."""
        comment_model = self.model._meta.get_field("comments").related_model
        counts = (
            comment_model.objects.filter(entity=models.OuterRef("pk"))
            .order_by()
            .values("entity")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            comment_count=models.functions.Coalesce(
                models.Subquery(counts, output_field=models.IntegerField()), 0
            )
        )


class Entity(models.Model):
    """Something with a name, a URL slug and a text, that people comment on."""

    # Context: an entity's name is a title, a comment's name is a person's.
    name = models.CharField(pgettext_lazy("entity", "name"), max_length=200)
    # Set by entities.signals.set_slug from the name; never typed by people.
    slug = models.SlugField(_("slug"), max_length=220, unique=True, editable=False)
    content = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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
