"""Entity admin. ``comments.admin`` adds the comments inline."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .forms import EntityForm
from .models import Entity


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "comment_count", "created_at", "updated_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "created_at", "updated_at"]
    fields = ["name", "slug", "content", "created_at", "updated_at"]
    form = EntityForm

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entity]:
        return super().get_queryset(request).with_comment_counts()

    @admin.display(description=_("comments"), ordering="comment_count")
    def comment_count(self, obj: Entity) -> int:
        return obj.comment_count
