"""Comment admin, and the entity admin with its comments inline.

The inline lives here because ``entities`` never imports from ``comments``: this
app extends the entity admin registered by ``entities.admin``.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

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


class NewestCommentsFormSet(BaseInlineFormSet):
    """Only the newest comments: an entity may have a hundred thousand, and a
    change page with a form for each would never load."""

    limit = 50

    def get_queryset(self) -> QuerySet[Comment]:
        if not hasattr(self, "_newest"):
            self._newest = super().get_queryset().order_by("-created_at", "-id")[: self.limit]
        return self._newest


class CommentInline(admin.StackedInline):
    # Stacked rather than tabular: every field gets its own label, and long comments
    # fit a phone's width.
    model = Comment
    formset = NewestCommentsFormSet
    verbose_name_plural = _("newest comments")
    extra = 0
    fields = ["name", "email", "content", "created_at"]
    readonly_fields = ["created_at"]


class EntityWithCommentsAdmin(EntityAdmin):
    inlines = [*EntityAdmin.inlines, CommentInline]


admin.site.unregister(Entity)
admin.site.register(Entity, EntityWithCommentsAdmin)
