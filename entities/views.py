"""Browse, create, edit and delete entities."""

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.paginator import Page
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from .forms import EntityForm
from .models import Entity
from .pagination import ElidedPaginator


class EntityListView(ListView):
    """Newest entities first, ten a page, with their comment counts and a search."""

    model = Entity
    paginate_by = 10
    paginator_class = ElidedPaginator

    def get_queryset(self) -> QuerySet[Entity]:
        self.query = self.request.GET.get("q", "").strip()
        return Entity.objects.search(self.query).with_comment_counts()

    def paginate_queryset(self, queryset, page_size):
        # A page number that is not a number, or past the end, shows the nearest
        # real page instead of a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(query=self.query, **kwargs)


class EntityCommentsMixin:
    """Adds the entity's comments, oldest first, twenty a page, to the context."""

    comments_per_page = 20
    object: Entity

    def get_comment_page(self) -> Page:
        comments = self.object.comments.order_by("created_at", "id")
        paginator = ElidedPaginator(comments, self.comments_per_page)
        return paginator.get_page(self.request.GET.get("page"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(comment_page=self.get_comment_page(), **kwargs)


class EntityDetailView(EntityCommentsMixin, DetailView):
    """An entity's text, its comments and the form to add one."""

    model = Entity


class EntityCreateView(PermissionRequiredMixin, SuccessMessageMixin, CreateView):
    model = Entity
    form_class = EntityForm
    permission_required = "entities.add_entity"
    success_message = _("“%(name)s” was created.")


class EntityUpdateView(PermissionRequiredMixin, SuccessMessageMixin, UpdateView):
    model = Entity
    form_class = EntityForm
    permission_required = "entities.change_entity"
    success_message = _("“%(name)s” was saved.")


class EntityDeleteView(PermissionRequiredMixin, SuccessMessageMixin, DeleteView):
    """GET asks for confirmation, saying how many comments go too; POST deletes."""

    model = Entity
    permission_required = "entities.delete_entity"
    success_url = reverse_lazy("entities:list")
    success_message = _("“%(name)s” was deleted.")

    def get_queryset(self) -> QuerySet[Entity]:
        return Entity.objects.with_comment_counts()

    def get_success_message(self, cleaned_data: dict[str, Any]) -> str:
        return self.success_message % {"name": self.object.name}
