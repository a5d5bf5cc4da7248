"""The one place where an entity's slug is set (a ``pre_save`` receiver), and
SQLite's case folding.

Connected in ``EntitiesConfig.ready()``.
"""

from typing import Any

from anyascii import anyascii
from django.utils.text import slugify

from .models import Entity

# Room left in Entity.slug for a "-<n>" suffix.
SLUG_BASE_LENGTH = 200
# Slugs that would shadow another page under /entities/.
RESERVED_SLUGS = frozenset({"new"})
# Used when a name has no letters or digits in any script (say, "!!!").
FALLBACK_SLUG = "entity"


def slug_base(name: str) -> str:
    """An ASCII slug for ``name`` in any script: "Привет, мир" gives "privet-mir"."""
    base = slugify(anyascii(name))[:SLUG_BASE_LENGTH].strip("-")
    return base or FALLBACK_SLUG


def free_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base`` with the first free "-2", "-3", … suffix."""
    slug, n = base, 1
    while slug in taken or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    return slug


def unique_slug(entity: Entity) -> str:
    """``slug_base`` of the name, made unique among the other entities."""
    base = slug_base(entity.name)
    taken = set(
        Entity.objects.filter(slug__startswith=base, slug__regex=rf"^{base}(-[0-9]+)?$")
        .exclude(pk=entity.pk)
        .values_list("slug", flat=True)
    )
    return free_slug(base, taken)


def set_slug(sender: type[Entity], instance: Entity, raw: bool = False, **kwargs: Any) -> None:
    """Derive the slug on create and whenever the name changes."""
    if raw:  # loading a fixture: keep the slug it has
        return
    if instance.slug and not instance._state.adding:
        saved_name = Entity.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        if saved_name == instance.name:
            return
    instance.slug = unique_slug(instance)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def fold_case_in_every_script(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Make SQLite's ``LOWER()`` fold every script, as PostgreSQL's does.

    SQLite's own folds ASCII letters only, so the case-insensitive unique name
    constraint would let "Маяк" and "МАЯК" both in.
    """
    if connection.vendor == "sqlite":
        connection.connection.create_function("LOWER", 1, _lower, deterministic=True)
