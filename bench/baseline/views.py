"""Generic views, as the Django tutorial and docs show them."""

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView, ListView
from django.views.generic.edit import CreateView

from .forms import CommentForm
from .models import Entity


class EntityListView(ListView):
    model = Entity
    paginate_by = 10
    ordering = ["-created_at", "-id"]


class EntityDetailView(DetailView):
    model = Entity

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(self.object.comments.all(), 20)
        context["comment_page"] = paginator.get_page(self.request.GET.get("page"))
        context.setdefault("form", CommentForm())
        return context


class CommentCreateView(CreateView):
    """POST only: store the comment and go back to the entity's page."""

    form_class = CommentForm
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.entity = get_object_or_404(Entity, slug=kwargs["slug"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            form.instance.entity = self.entity
            form.save()
            Entity.objects.filter(pk=self.entity.pk).update(comment_count=F("comment_count") + 1)
        return redirect(self.entity)

    def form_invalid(self, form):
        comments = Paginator(self.entity.comments.all(), 20).get_page(1)
        context = {"entity": self.entity, "comment_page": comments, "form": form}
        return render(self.request, "baseline/entity_detail.html", context, status=400)
