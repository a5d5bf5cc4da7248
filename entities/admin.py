"""Entity admin. ``comments.admin`` adds the comments inline."""

from django.contrib import admin

from .forms import EntityForm
from .models import Entity


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "comment_count", "created_at", "updated_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "comment_count", "created_at", "updated_at"]
    fields = ["name", "slug", "content", "comment_count", "created_at", "updated_at"]
    form = EntityForm
