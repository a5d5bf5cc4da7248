"""The comments of an entity page, as tags: entities imports nothing from comments."""

from typing import Any

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html

from entities.models import Entity
from project.pagecache import writer_mark
from project.pagination import CappedPaginator, page_number

from ..models import Comment

register = template.Library()


@register.inclusion_tag("comments/comment_list.html", takes_context=True)
def comment_list(context: template.Context, entity: Entity) -> dict:
    """``{% comment_list entity %}``: one page of ``entity``'s comments and the links."""
    request = context["request"]
    comments = entity.comments.shown_to(request.user)
    paginator = CappedPaginator(comments, settings.COMMENTS_PER_PAGE)
    return {
        "comment_page": paginator.get_page(page_number(request.GET.get("page"))),
        "page_query": QueryDict(),
        "request": request,
        "user": context.get("user"),
        "perms": context.get("perms"),
    }


@register.filter
def changeable_by(comment: Comment, user: Any) -> bool:
    """``{% if comment|changeable_by:user %}``: its writer may still edit or delete it."""
    return comment.can_be_changed_by(user)


@register.filter
def writer_attribute(comment: Comment) -> str:
    """``<li{{ comment|writer_attribute }}>``: a comment its writer may still change is
    marked, for a kept page to go to them rendered whole (project.pagecache)."""
    if comment.user_id is None or timezone.now() >= comment.edit_deadline():
        return ""
    return format_html(' data-writer="{}"', writer_mark(comment.user_id))
