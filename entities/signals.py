"""Where an entity's slug and name keys are set: Django's ``slugify`` makes no slug unique."""

from typing import Any

from anyascii import anyascii
from django.utils.text import slugify

from .models import Entity, forget_kept
from .names import look_key, name_key

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


def unique_slug(entity: Entity) -> str:
    """``slug_base`` of the name, with the first free "-2", "-3", … suffix if taken."""
    base = slug_base(entity.name)
    taken = set(
        Entity.objects.filter(slug__startswith=base, slug__regex=rf"^{base}(-[0-9]+)?$")
        .exclude(pk=entity.pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    return slug


def set_slug(sender: type[Entity], instance: Entity, raw: bool = False, **kwargs: Any) -> None:
    """The name keys on every save; the slug once, so a renamed entity keeps its address."""
    instance.name_key, instance.look_key = name_key(instance.name), look_key(instance.name)
    if not instance.slug and not raw:  # a fixture being loaded keeps the slug it has
        instance.slug = unique_slug(instance)


def forget_deleted(sender: type[Entity], instance: Entity, **kwargs: Any) -> None:
    """A deleted entity's page is gone at once (``post_delete``)."""
    forget_kept(instance.slug, instance.pk, count=True)
