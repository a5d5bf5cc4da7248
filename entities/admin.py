"""Entity admin. ``comments.admin`` adds the comments inline."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .forms import EntityForm, SearchForm
from .models import Entity


class SafeSearchMixin(admin.ModelAdmin):
    """Admin search that refuses what the database cannot search for, as the site's does."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        form = SearchForm({"q": search_term})
        if not form.is_valid():
            for error in form.errors["q"]:
                messages.warning(request, str(error))
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Entity)
class EntityAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "comment_count", "created_at", "updated_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "comment_count", "created_at", "updated_at"]
    fields = ["name", "slug", "content", "comment_count", "created_at", "updated_at"]
    form = EntityForm
