"""The comments of one entity as an Atom feed, newest first, in the reader's language."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from entities.feeds import SiteFeed
from entities.models import Entity
from project.tags import site_name

from .models import Comment


class EntityCommentsFeed(SiteFeed):
    """The newest comments of one entity; never the commenter's email address."""

    limit = 50

    def get_object(self, request: HttpRequest, slug: str) -> Entity:
        return get_object_or_404(Entity, slug=slug)

    def title(self, entity: Entity) -> str:
        names = {"name": entity.name, "site_name": site_name()}
        return _("Comments on “%(name)s” · %(site_name)s") % names

    def subtitle(self, entity: Entity) -> str:
        return _("The newest comments on “%(name)s”.") % {"name": entity.name}

    def link(self, entity: Entity) -> str:
        return entity.get_absolute_url()

    def items(self, entity: Entity) -> list[Comment]:
        # What visitors see (never hidden or waiting ones), counted to place each on its page.
        comments = entity.comments.visible()
        count = comments.count()
        newest = list(comments.order_by("-created_at", "-id")[: self.limit])
        for offset, comment in enumerate(newest):
            comment.position = count - offset
        return newest

    def item_author_name(self, comment: Comment) -> str:
        return comment.name
