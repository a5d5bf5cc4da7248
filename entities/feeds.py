"""The newest entities as an Atom feed, in the reader's language."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .models import Entity


class NewestEntitiesFeed(Feed):
    """The newest entities, newest first: one indexed query whatever the table's size.

    The language is the request's (LocaleMiddleware: the switcher's cookie, else
    Accept-Language), so titles are translated and ``<feed xml:lang>`` says which.
    """

    feed_type = Atom1Feed
    limit = 20

    def title(self) -> str:
        return _("Newest entities · Entities & Comments")

    def subtitle(self) -> str:
        return _("The entities added most recently to Entities & Comments.")

    def link(self) -> str:
        return reverse("entities:list")

    def author_name(self) -> str:
        return _("Entities & Comments")

    def items(self) -> QuerySet[Entity]:
        return Entity.objects.order_by("-created_at", "-id")[: self.limit]

    def item_title(self, entity: Entity) -> str:
        # Atom titles are text: the XML writer escapes them, nothing else must.
        return entity.name

    def item_description(self, entity: Entity) -> str:
        # The summary is HTML (type="html"): the text escaped once, line breaks kept.
        return linebreaks(entity.content, autoescape=True)

    def item_link(self, entity: Entity) -> str:
        return entity.get_absolute_url()

    def item_pubdate(self, entity: Entity) -> datetime:
        return entity.created_at

    def item_updateddate(self, entity: Entity) -> datetime:
        return entity.updated_at
