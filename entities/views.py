"""Browse, create, edit and delete entities."""

from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.paginator import Page
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from .caching import (
    AnonymousPageCacheMixin,
    cached_figure,
    current_versions,
    figure_key,
    remember_versions,
    with_versions,
)
from .forms import EntityForm, SearchForm
from .models import Entity
from .pagination import ANCHOR_STRIDE, SeekPaginator, compute_anchors


class EntityListView(AnonymousPageCacheMixin, ListView):
    """Newest entities first, ten a page, with their comment counts and a search.

    Queries: the content versions (which hold the number of entities), then,
    unless the rendered list is cached, the page's rows. Pages deep in the list
    start from anchors kept in the cache, recomputed once after an entity is
    created or deleted. A search counts at most ``search_count_cap`` matches,
    once per content version.
    """

    model = Entity
    paginate_by = 10
    # Named here: otherwise ListView looks at the page's rows to name them,
    # which would read them even when the rendered list comes from the cache.
    context_object_name = "entity_list"
    ordering = ["-created_at", "-id"]
    page_cache_prefix = "entity-list"
    search_count_cap = 1000
    anchor_stride = ANCHOR_STRIDE

    def get_queryset(self) -> QuerySet[Entity]:
        self.search_form = SearchForm(self.request.GET)
        # What was typed goes back into the box even when it is refused.
        self.query = self.request.GET.get("q", "").strip()
        if not self.search_form.is_valid():
            return Entity.objects.none()
        return Entity.objects.search(self.search_form.cleaned_data["q"])

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        versions = current_versions(self.request)
        if self.query:
            cap = self.search_count_cap
            count = cached_figure(
                figure_key("entity-search-count", versions.content, self.query),
                lambda: queryset.order_by()[: cap + 1].count(),
            )
            return SeekPaginator(
                queryset,
                per_page,
                count=min(count, cap),
                exact=count <= cap,
                ordering=self.ordering,
            )
        return SeekPaginator(
            queryset,
            per_page,
            count=max(versions.entity_count, 0),
            ordering=self.ordering,
            stride=self.anchor_stride,
            anchors=lambda: cached_figure(
                figure_key("entity-anchors", versions.entities),
                lambda: compute_anchors(Entity.objects.all(), self.ordering, self.anchor_stride),
            ),
        )

    def paginate_queryset(self, queryset, page_size):
        # A page number that is not a number, or past the end, shows the nearest
        # real page instead of a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            query=self.query,
            search_form=self.search_form,
            content_version=current_versions(self.request).content,
            page_cache_seconds=settings.PAGE_CACHE_SECONDS,
            **kwargs,
        )


class EntityCommentsMixin:
    """Adds the entity's comments, oldest first, twenty a page, to the context.

    The total is ``Entity.comment_count``; the rows are read only when the
    comment list is not already in the cache (see ``entity_detail.html``).
    """

    comments_per_page = 20
    comment_ordering = ["created_at", "id"]
    # Entities with more comments than this get anchors for their middle pages.
    comment_anchor_threshold = 5 * ANCHOR_STRIDE
    object: Entity

    def get_comment_page(self) -> Page:
        entity = self.object
        key = figure_key("comment-anchors", current_versions(self.request).content, entity.pk)

        def anchors() -> list[tuple]:
            return cached_figure(
                key, lambda: compute_anchors(entity.comments.all(), self.comment_ordering)
            )

        paginator = SeekPaginator(
            entity.comments.all(),
            self.comments_per_page,
            count=entity.comment_count,
            ordering=self.comment_ordering,
            anchors=anchors if entity.comment_count > self.comment_anchor_threshold else None,
        )
        return paginator.get_page(self.request.GET.get("page"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            comment_page=self.get_comment_page(),
            content_version=current_versions(self.request).content,
            page_cache_seconds=settings.PAGE_CACHE_SECONDS,
            **kwargs,
        )


class EntityDetailView(EntityCommentsMixin, DetailView):
    """An entity's text, its comments and the form to add one.

    Queries: the entity with the content versions, and the page of comments
    unless the rendered comment list is cached.
    """

    model = Entity

    def get_queryset(self) -> QuerySet[Entity]:
        return with_versions(super().get_queryset())

    def get_object(self, queryset: QuerySet[Entity] | None = None) -> Entity:
        entity = super().get_object(queryset)
        remember_versions(self.request, entity)
        return entity


class OneTransactionMixin:
    """The whole write of a form view happens in one transaction: all or nothing."""

    def form_valid(self, form) -> HttpResponse:
        with transaction.atomic():
            return super().form_valid(form)


class UniqueNameMixin(OneTransactionMixin):
    """Turns a duplicate name that slipped past the form's check (someone else
    saved it in the meantime) into the form error, instead of a server error."""

    busy_message = _(
        "Entities with similar names were being saved at the same moment, so this one "
        "was not saved. Please send the form again."
    )

    def form_valid(self, form: EntityForm) -> HttpResponse:
        try:
            return super().form_valid(form)
        except IntegrityError:
            if form.name_is_taken(form.cleaned_data["name"]):
                form.add_error("name", form.duplicate_name_message)
            else:  # every slug tried was taken by saves running at the same moment
                form.add_error(None, self.busy_message)
        if form.instance.pk:
            # The failed save changed the instance; show the saved one again.
            form.instance.refresh_from_db(fields=["name", "slug"])
        return self.form_invalid(form)


class EntityCreateView(PermissionRequiredMixin, UniqueNameMixin, SuccessMessageMixin, CreateView):
    model = Entity
    form_class = EntityForm
    permission_required = "entities.add_entity"
    success_message = _("“%(name)s” was created.")


class EntityUpdateView(PermissionRequiredMixin, UniqueNameMixin, SuccessMessageMixin, UpdateView):
    model = Entity
    form_class = EntityForm
    permission_required = "entities.change_entity"
    success_message = _("“%(name)s” was saved.")


class EntityDeleteView(
    PermissionRequiredMixin, OneTransactionMixin, SuccessMessageMixin, DeleteView
):
    """GET asks for confirmation, saying how many comments go too; POST deletes."""

    model = Entity
    permission_required = "entities.delete_entity"
    success_url = reverse_lazy("entities:list")
    success_message = _("“%(name)s” was deleted.")

    def get_success_message(self, cleaned_data: dict[str, Any]) -> str:
        return self.success_message % {"name": self.object.name}
