"""The Entity model and its named querysets."""

import re
import uuid
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .names import NameField, look_key, name_key


class SearchWords(SearchVector):
    """The words of name and text, language-neutral; SQLite keeps the text itself."""

    def __init__(self) -> None:
        super().__init__("name", "content", config="simple")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # The fields joined by the vector's own " || ' ' || ", without to_tsvector().
        return models.Func.as_sql(self, compiler, connection, template="%(expressions)s", **extra)


class EntityQuerySet(models.QuerySet):
    def search(self, query: str) -> "EntityQuerySet":
        """Entities with every word of ``query``; no operators (a negation reads the table)."""
        if connections[self.db].vendor == "postgresql":
            return self.filter(words=SearchQuery(query, config="simple"))
        words = re.findall(r"[^\W_]+", query)
        return self.filter(*(models.Q(words__iregex=rf"\b{word}\b") for word in words))


class EntityManager(models.Manager.from_queryset(EntityQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> EntityQuerySet:
        # Without the search's words, which only the database reads.
        return super().get_queryset().defer("words")

    def generation(self, slug: str) -> str | None:
        """What the kept renderings of the entity's pages are keyed by, or None. Every
        write that changes them makes a new one (``forget_kept``); readers who found none
        make one once they have read the row (``new_generation``), and keep nothing
        themselves. So a rendering is kept only under a generation its reader found before
        reading the row: none made from an older row is ever served after a write."""
        return caches["pages"].get(generation_key(slug))

    def new_generation(self, slug: str) -> None:
        caches["pages"].add(generation_key(slug), uuid.uuid4().hex, settings.PAGE_CACHE_SECONDS)

    def kept_list_page(self, number: int) -> tuple[int, list[tuple[Any, ...]]] | None:
        """The entities counted for page ``number`` of the list, and what each of its rows
        shows that can change (saved, commented on), as ``keep_list_page`` kept them: a
        cached list page is found by them with one round trip and no query."""
        return caches["pages"].get(list_key(number))

    def keep_list_page(
        self, number: int, counted: int, page: "models.QuerySet[Entity]"
    ) -> list[tuple[Any, ...]]:
        """Keep them for HTTP_CACHE_SECONDS: a read racing a write may keep old ones that long."""
        rows = list(page.values_list("pk", "updated_at", "comment_count"))
        caches["pages"].set(list_key(number), (counted, rows), settings.HTTP_CACHE_SECONDS)
        return rows


# The deepest page of the list (entities.views.EntityListView.max_pages).
LIST_PAGES = 100


def list_key(number: int) -> str:
    return f"entity-list:{number}"


LIST_KEYS = [list_key(number) for number in range(1, LIST_PAGES + 1)]


def generation_key(slug: str) -> str:
    return f"entity:{slug}"


def forget_kept(slug: str, pk: Any, *, count: bool = False) -> None:
    """Now, and once the write is committed (a read between the two may keep an old
    list page's entry): a new generation for the entity's pages, and the kept list
    pages showing it; with ``count`` (an entity added or deleted, which moves the
    others) every list page."""

    def forget() -> None:
        pages = caches["pages"]
        if count:
            keys = LIST_KEYS
        else:
            kept = pages.get_many(LIST_KEYS).items()
            keys = [key for key, (_, rows) in kept if any(row[0] == pk for row in rows)]
        pages.delete_many(keys)
        pages.set(generation_key(slug), uuid.uuid4().hex, settings.PAGE_CACHE_SECONDS)

    forget()
    transaction.on_commit(forget)


class Entity(models.Model):
    """Something with a name, a URL slug and a text, that people comment on."""

    # Attempts at a free slug while racing saves take it: each round one wins.
    SAVE_ATTEMPTS = 10

    # Context: an entity's name is a title, a comment's name is a person's.
    name = NameField(pgettext_lazy("entity", "name"), max_length=200)
    # Set by entities.signals.set_slug; the keys decide the unique constraints.
    name_key = models.CharField(_("name key"), max_length=64, editable=False)
    look_key = models.CharField(_("look key"), max_length=64, editable=False)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, editable=False)
    content = models.TextField(_("text"), blank=True, max_length=20_000)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by ``comments.models.Comment``: no page counts comments row by row.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    # What the search matches, computed by the database on every write.
    words = models.GeneratedField(
        expression=SearchWords(), output_field=SearchVectorField(), db_persist=True
    )

    objects = EntityManager()

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=[key],
                name=f"entity_{key}_unique",
                violation_error_message=_(
                    "An entity with this name, or with one that looks the same, already exists."
                ),
            )
            for key in ["name_key", "look_key"]
        ]
        # And on PostgreSQL, the GIN index of ``words`` (migration 0006).
        indexes = [models.Index(fields=["-created_at", "-id"], name="entity_newest_first")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; when a concurrent save took the chosen slug, choose again (on create)."""
        adding = self._state.adding
        if not adding and kwargs.get("update_fields") is None:
            # The count is the comments' to write: an edit read before a comment came
            # would write the old one back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not (field.primary_key or field.generated or field.name == "comment_count")
            ]
        for attempt in range(1, self.SAVE_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                    forget_kept(self.slug, self.pk, count=adding)
                    return
            except IntegrityError:
                slug_taken = Entity.objects.filter(slug=self.slug).exclude(pk=self.pk).exists()
                if not slug_taken or attempt == self.SAVE_ATTEMPTS:
                    raise
                self.slug = ""  # the signal chooses a free one on the next attempt

    def get_absolute_url(self) -> str:
        return reverse("entities:detail", kwargs={"slug": self.slug})

    def validate_constraints(self, exclude: Any = None) -> None:
        """Check the name keys' constraints with the name (Django skips fields no form has)."""
        if exclude and "name" not in exclude:
            exclude = set(exclude) - {"name_key", "look_key"}
        self.name_key, self.look_key = name_key(self.name), look_key(self.name)
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            # The model's only constraints, one message: once, at the name.
            raise ValidationError({"name": error.messages[0]}) from None
