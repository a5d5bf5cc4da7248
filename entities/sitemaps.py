"""The sitemap's sections; no ``lastmod``: no stored time says when a comment last came."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .models import Entity


class EntityListSitemap(Sitemap):
    """The list of entities: its first page leads to everything else."""

    priority = 1.0

    def items(self) -> list[str]:
        return ["entities:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class EntitySitemap(Sitemap):
    """Every entity's page, in the order they were created (stable across pages)."""

    # Not the protocol's 50,000, seconds to build: a thousand take tens of milliseconds.
    limit = 1000

    def items(self) -> QuerySet[Entity]:
        return Entity.objects.order_by("pk").only("slug")


SITEMAPS = {"list": EntityListSitemap, "entities": EntitySitemap}
