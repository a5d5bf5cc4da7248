"""Browse, create, edit and delete entities."""

from math import ceil
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, ListView, TemplateView, UpdateView

from project.history import LoggedEditMixin
from project.pagecache import CachedPageMixin
from project.pagination import CappedPaginator, page_number

from .forms import EntityForm, SearchForm
from .models import LIST_PAGES, Entity


class EntityListView(CachedPageMixin, ListView):
    """Newest entities first, with their comment counts and a search."""

    paginate_by = 10
    # 1,000 entities: deeper than that, people search.
    max_pages = LIST_PAGES
    # A search shows its newest 100 matches; for more, people add a word.
    search_max_pages = 10
    found_keys: list[int] | tuple[()] = ()
    kept_page: tuple[int, list[tuple[Any, ...]]] | None = None
    part_name = "results"
    canonical_path: str

    def get_queryset(self) -> QuerySet[Entity]:
        self.search_form = SearchForm(self.request.GET)
        # What was typed goes back into the box even when it is refused.
        self.query = self.request.GET.get("q", "").strip()
        if not self.search_form.is_valid():
            return Entity.objects.none()
        if not self.query:
            return Entity.objects.all()
        found = Entity.objects.search(self.query)
        # Bounded work: the keys of one match more than the pages show; if that is all,
        # the page's rows by key, else the newest-first index meets them soon.
        shown = self.search_max_pages * self.paginate_by
        self.found_keys = list(found.order_by().values_list("pk", flat=True)[: shown + 1])
        if len(self.found_keys) > shown:
            return found
        return Entity.objects.filter(pk__in=self.found_keys)

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Paginator, Page, Any, bool]:
        max_pages = self.search_max_pages if self.query else self.max_pages
        paginator = CappedPaginator(queryset, page_size, max_pages=max_pages)
        number = page_number(self.request.GET.get(self.page_kwarg))
        if self.query:  # the matches were counted in finding their keys
            paginator.counted = min(len(self.found_keys), max_pages * page_size + 1)
        elif self.search_form.is_valid():  # counted with the page's rows, while they are kept
            self.kept_page = Entity.objects.kept_list_page(number)
            if self.kept_page is not None:
                paginator.counted = self.kept_page[0]
        page = paginator.get_page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(query=self.query, search_form=self.search_form, **kwargs)
        # The parameters the page understands; any other is ignored, everywhere.
        context["page_query"] = QueryDict(mutable=True)
        if self.query:
            context["page_query"]["q"] = self.query
        self.canonical_path = canonical_path(
            reverse("entities:list"), context["page_query"], context["page_obj"].number
        )
        context["canonical_path"] = self.canonical_path
        context["row_seconds"] = settings.PAGE_CACHE_SECONDS
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        if page_number(self.request.GET.get(self.page_kwarg)) > context["page_obj"].number:
            return redirect(self.canonical_path)
        return super().render_to_response(context, **kwargs)

    def page_cache_parts(self, context: dict[str, Any]) -> Any:
        if self.query or not self.search_form.is_valid():  # a search's keys: whatever people type
            return None
        paginator, page = context["paginator"], context["page_obj"]
        if self.kept_page is not None:
            return paginator.count, paginator.exact, self.kept_page[1]
        rows = Entity.objects.keep_list_page(page.number, paginator.counted, page.object_list)
        return paginator.count, paginator.exact, rows


def canonical_path(path: str, query: QueryDict, number: int) -> str:
    """``path`` with ``query`` and the page number, when it is not the first."""
    query = query.copy()
    if number > 1:
        query["page"] = str(number)
    return f"{path}?{query.urlencode()}" if query else path


class EntityDetailView(CachedPageMixin, TemplateView):
    """An entity's text, one page of its comments and the link to the comment form."""

    template_name = "entities/entity_detail.html"
    part_name = "comments"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.slug = kwargs["slug"]
        self.page_number = page_number(request.GET.get("page"))
        # A kept page is found by the entity's generation alone; the row is read to render.
        self.generation = Entity.objects.generation(self.slug)
        return self.render_to_response(self.get_context_data(canonical_path=self.canonical_path))

    @property
    def canonical_path(self) -> str:
        path = reverse("entities:detail", kwargs={"slug": self.slug})
        return canonical_path(path, QueryDict(), self.page_number)

    def page_cache_parts(self, context: dict[str, Any]) -> Any:
        return self.generation  # the slug and page number are in the canonical path

    def render_page(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        try:
            entity = Entity.objects.get(slug=self.slug)
        except Entity.DoesNotExist:
            raise Http404 from None
        if self.generation is None:  # the next reader keeps the page under a new one
            Entity.objects.new_generation(self.slug)
        # Past the last page by the stored count, counted: writes around the models move none.
        per_page = settings.COMMENTS_PER_PAGE
        if self.page_number > max(1, ceil(entity.comment_count / per_page)):
            last = max(1, ceil(entity.comments.shown_to(self.request.user).count() / per_page))
            if self.page_number > last:
                self.page_number = last
                return redirect(self.canonical_path)
        return super().render_page({**context, "entity": entity}, **kwargs)


class EntityCreateView(PermissionRequiredMixin, SuccessMessageMixin, LoggedEditMixin, CreateView):
    model = Entity
    form_class = EntityForm
    permission_required = "entities.add_entity"
    success_message = _("“%(name)s” was created.")


class EntityUpdateView(PermissionRequiredMixin, SuccessMessageMixin, LoggedEditMixin, UpdateView):
    model = Entity
    form_class = EntityForm
    permission_required = "entities.change_entity"
    success_message = _("“%(name)s” was saved.")


class EntityDeleteView(PermissionRequiredMixin, SuccessMessageMixin, LoggedEditMixin, DeleteView):
    model = Entity
    permission_required = "entities.delete_entity"
    success_url = reverse_lazy("entities:list")
    success_message = _("“%(name)s” was deleted.")

    def get_success_message(self, cleaned_data: dict[str, Any]) -> str:
        return self.success_message % {"name": self.object.name}
