"""The comment admin, and the entity admin with its comments inline: here, because
``entities`` never imports from ``comments`` (this app extends ``entities.admin``'s)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entities.admin import EntityAdmin, SafeSearchMixin
from entities.models import Entity

from .models import Comment, CommentQuerySet
from .services import moderate, post_comment


@admin.register(Comment)
class CommentAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["entity", "name", "email", "text", "status", "created_at"]
    ordering = ["-created_at", "-id"]
    list_filter = ["status", "created_at"]
    list_select_related = ["entity"]
    search_fields = ["name", "email", "content"]
    autocomplete_fields = ["entity"]
    raw_id_fields = ["user"]
    readonly_fields = ["status", "edited_at"]
    date_hierarchy = "created_at"
    actions = ["hide_comments", "publish_comments"]

    @admin.display(description=_("comment"))
    def text(self, comment: Comment) -> str:
        return Truncator(comment.content).chars(80)

    @admin.action(description=_("Hide the selected comments"), permissions=["moderate"])
    def hide_comments(self, request: HttpRequest, queryset: CommentQuerySet) -> None:
        changed = moderate(request, queryset, "hide")
        self.message_user(
            request,
            ngettext("%(n)d comment hidden.", "%(n)d comments hidden.", changed) % {"n": changed},
        )

    @admin.action(description=_("Show or approve the selected comments"), permissions=["moderate"])
    def publish_comments(self, request: HttpRequest, queryset: CommentQuerySet) -> None:
        changed = moderate(request, queryset, "publish")
        self.message_user(
            request,
            ngettext("%(n)d comment shown.", "%(n)d comments shown.", changed) % {"n": changed},
        )

    def save_model(self, request: HttpRequest, obj: Comment, form: ModelForm, change: bool) -> None:
        # A comment added here is posted as on the site: by the signed-in staff member.
        if change:
            super().save_model(request, obj, form, change)
        else:
            post_comment(obj, obj.entity, request)

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("comments.moderate_comment")

    def has_view_permission(self, request: HttpRequest, obj: Comment | None = None) -> bool:
        return super().has_view_permission(request, obj) or self.has_moderate_permission(request)


class NewestCommentsFormSet(BaseInlineFormSet):
    """Only the newest comments: a form for each of 100,000 would never load."""

    limit = 50

    def get_queryset(self) -> QuerySet[Comment]:
        if not hasattr(self, "_newest"):
            self._newest = super().get_queryset().order_by("-created_at", "-id")[: self.limit]
        return self._newest


class CommentInline(admin.StackedInline):
    # Stacked: every field its own label, long comments fit a phone.
    model = Comment
    formset = NewestCommentsFormSet
    verbose_name_plural = _("newest comments")
    extra = 0
    fields = ["name", "email", "content", "created_at"]
    readonly_fields = ["created_at"]
    # A link per comment, each counting the comment's place on the entity page.
    view_on_site = False


class EntityWithCommentsAdmin(EntityAdmin):
    inlines = [*EntityAdmin.inlines, CommentInline]


admin.site.unregister(Entity)
admin.site.register(Entity, EntityWithCommentsAdmin)
