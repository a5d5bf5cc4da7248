"""Comment admin, and the entity admin with its comments inline.

The inline lives here because ``entities`` never imports from ``comments``: this
app extends the entity admin registered by ``entities.admin``.
"""

from django.contrib import admin

from entities.admin import EntityAdmin, SafeSearchMixin
from entities.models import Entity

from .models import Comment


@admin.register(Comment)
class CommentAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["entity", "name", "email", "created_at"]
    list_filter = ["created_at"]
    list_select_related = ["entity"]
    search_fields = ["name", "email", "content"]
    autocomplete_fields = ["entity"]
    date_hierarchy = "created_at"


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["name", "email", "content", "created_at"]
    readonly_fields = ["created_at"]


class EntityWithCommentsAdmin(EntityAdmin):
    inlines = [*EntityAdmin.inlines, CommentInline]


admin.site.unregister(Entity)
admin.site.register(Entity, EntityWithCommentsAdmin)
