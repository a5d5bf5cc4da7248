"""The newest entities as an Atom feed, in the reader's language."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from project.tags import site_name

from .models import Entity


class SiteFeed(Feed):
    """What every feed of the site shares (the comments app's too)."""

    feed_type = Atom1Feed

    def author_name(self) -> str:
        return site_name()

    def item_title(self, item: Any) -> str:
        # Atom titles are text: the XML writer escapes them, nothing else must.
        return str(item)

    def item_description(self, item: Any) -> str:
        # The summary is HTML (type="html"): the text escaped once, line breaks kept.
        return linebreaks(item.content, autoescape=True)

    def item_pubdate(self, item: Any) -> datetime:
        return item.created_at


class NewestEntitiesFeed(SiteFeed):
    """The newest entities: one indexed query whatever the table's size."""

    def title(self) -> str:
        return _("Newest entities · %(site_name)s") % {"site_name": site_name()}

    def subtitle(self) -> str:
        return _("The entities added most recently to %(site_name)s.") % {"site_name": site_name()}

    def link(self) -> str:
        return reverse("entities:list")

    def items(self) -> QuerySet[Entity]:
        return Entity.objects.order_by("-created_at", "-id")[:20]

    def item_updateddate(self, entity: Entity) -> datetime:
        return entity.updated_at
