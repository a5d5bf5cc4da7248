"""Browse, create, edit and delete entities."""

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.paginator import Page
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from .forms import EntityForm, SearchForm
from .models import Entity
from .pagination import ElidedPaginator


class EntityListView(ListView):
    """Newest entities first, ten a page, with their comment counts and a search."""

    model = Entity
    paginate_by = 10
    paginator_class = ElidedPaginator

    def get_queryset(self) -> QuerySet[Entity]:
        self.search_form = SearchForm(self.request.GET)
        # What was typed goes back into the box even when it is refused.
        self.query = self.request.GET.get("q", "").strip()
        if not self.search_form.is_valid():
            return Entity.objects.none()
        return Entity.objects.search(self.search_form.cleaned_data["q"]).with_comment_counts()

    def paginate_queryset(self, queryset, page_size):
        # A page number that is not a number, or past the end, shows the nearest
        # real page instead of a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(query=self.query, search_form=self.search_form, **kwargs)


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

    def get_queryset(self) -> QuerySet[Entity]:
        return Entity.objects.with_comment_counts()

    def get_success_message(self, cleaned_data: dict[str, Any]) -> str:
        return self.success_message % {"name": self.object.name}
