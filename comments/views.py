"""Posting a comment on its own page; editing, deleting and moderating it."""

from datetime import timedelta
from http import HTTPStatus
from math import ceil
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DeleteView, FormView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_htmx.http import HttpResponseClientRedirect

from entities.models import Entity
from project.envvars import parse_rate
from project.history import LoggedEditMixin
from project.pagecache import (
    VARY_ON,
    is_plain_read,
    kept_response,
    page_key,
    token_stand_in,
    wants_part,
)
from project.pagination import CappedPaginator
from project.rates import client_address

from .forms import AccountCommentForm, CommentForm
from .models import Comment
from .services import MODERATED, moderate, post_comment


class CommentCreateView(SingleObjectMixin, FormView):
    """The comment form on its own page (its own CSRF token); htmx gets ``#form`` alone."""

    model = Entity
    template_name = "comments/comment_form.html"
    http_method_names = ["get", "head", "post"]
    success_message = _("Thank you, your comment was posted.")
    pending_message = _(
        "Thank you. Your comment waits for a moderator's approval and will appear "
        "once it is approved."
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.object = self.get_object()
        if not request.user.is_authenticated and not settings.COMMENTS_ALLOW_ANONYMOUS:
            return self.go_to(redirect_to_login(request.get_full_path()).url)
        response = super().dispatch(request, *args, **kwargs)
        patch_vary_headers(response, VARY_ON)
        return response

    def get_template_names(self) -> list[str]:
        names = super().get_template_names()
        return [f"{names[0]}#form"] if wants_part(self.request) else names

    def get_form_class(self) -> type[AccountCommentForm]:
        return AccountCommentForm if self.request.user.is_authenticated else CommentForm

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        """An anonymous visitor's empty form is kept in the "pages" cache and served with
        their own CSRF token: every new commenter asks for it."""
        request = self.request
        if request.user.is_authenticated or request.method != "GET" or not is_plain_read(request):
            return super().render_to_response(context, **kwargs)
        name = self.get_template_names()[0]
        key = page_key(request, request.path, (name, self.object.name))
        # The language switcher's "next" too is the same for everyone: the bare path.
        kept = {**context, "csrf_token": token_stand_in(), "canonical_path": request.path}
        render = super().render_to_response
        response = kept_response(request, key, lambda: render(kept))
        response.content = response.content.replace(
            token_stand_in().encode(), get_token(request).encode()
        )
        return response

    def go_to(self, url: str) -> HttpResponse:
        """A redirect; for htmx, which would follow it in place, one for the browser."""
        return HttpResponseClientRedirect(url) if wants_part(self.request) else redirect(url)

    def form_valid(self, form: AccountCommentForm) -> HttpResponse:
        if form.cleaned_data.get("website"):  # the trap: a robot, told it was posted
            messages.success(self.request, self.success_message)
            return self.go_to(f"{self.object.get_absolute_url()}#comments")
        count, period = cast(tuple[int, int], parse_rate(settings.COMMENT_RATE_LIMIT))
        recent = Comment.objects.filter(
            ip_address=client_address(self.request),
            created_at__gt=timezone.now() - timedelta(seconds=period),
        )
        if recent.count() >= count:
            return self.too_many(form, period)
        comment = post_comment(form.instance, self.object, self.request)
        messages.success(
            self.request, self.success_message if comment.is_visible else self.pending_message
        )
        return self.go_to(comment.get_absolute_url())

    def too_many(self, form: AccountCommentForm, period: int) -> HttpResponse:
        """The form again, the comment kept in it, status 429."""
        minutes = ceil(period / 60)
        form.add_error(
            None,
            ngettext(
                "You have posted several comments in a short time, so this one was "
                "not saved yet. It is still in the form below: please send it again "
                "in %(minutes)d minute.",
                "You have posted several comments in a short time, so this one was "
                "not saved yet. It is still in the form below: please send it again "
                "in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = self.form_invalid(form)
        response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        response["Retry-After"] = str(period)
        return response


class OwnCommentMixin(LoginRequiredMixin, SingleObjectMixin, View):
    """The comment at ``<slug>/comments/<pk>/``, for its writer in the edit window only."""

    model = Comment
    object: Comment

    def get_queryset(self) -> QuerySet[Comment]:
        return Comment.objects.select_related("entity").filter(entity__slug=self.kwargs["slug"])

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:  # the site's 403 says nothing of comments: this says why
            minutes = {"minutes": settings.COMMENTS_EDIT_MINUTES}
            return render(request, "comments/403.html", minutes, status=HTTPStatus.FORBIDDEN)

    def get_object(self, queryset: QuerySet[Comment] | None = None) -> Comment:
        comment = super().get_object(queryset)
        if not comment.can_be_changed_by(self.request.user):
            raise PermissionDenied
        return comment


class CommentUpdateView(OwnCommentMixin, SuccessMessageMixin, LoggedEditMixin, UpdateView):
    form_class = AccountCommentForm
    template_name = "comments/comment_edit.html"
    success_message = _("Your comment was saved.")

    def form_valid(self, form: ModelForm) -> HttpResponse:
        form.instance.edited_by(self.request.user)
        return super().form_valid(form)

    def get_success_message(self, cleaned_data: dict[str, Any]) -> str:
        waits = not self.object.is_visible
        return str(CommentCreateView.pending_message if waits else self.success_message)


class CommentDeleteView(OwnCommentMixin, SuccessMessageMixin, LoggedEditMixin, DeleteView):
    template_name = "comments/comment_confirm_delete.html"
    success_message = _("Your comment was deleted.")

    def get_success_url(self) -> str:
        return f"{self.object.entity.get_absolute_url()}#comments"


class CommentModerateView(PermissionRequiredMixin, View):
    """POST ``action=hide`` or ``publish``; then to ``next`` if on this site, or the comment."""

    permission_required = "comments.moderate_comment"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        comments = Comment.objects.filter(pk=pk, entity__slug=slug)
        comment = get_object_or_404(comments.select_related("entity"))
        action = request.POST.get("action", "")
        if action not in MODERATED:
            return HttpResponse(status=HTTPStatus.BAD_REQUEST)
        moderate(request, comments, action)
        messages.success(request, MODERATED[action])
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            return redirect(next_url)
        return redirect(comment.get_absolute_url())


class PendingCommentListView(PermissionRequiredMixin, ListView):
    """The comments that wait for approval, oldest first: the moderators' queue."""

    permission_required = "comments.moderate_comment"
    template_name = "comments/pending_list.html"
    paginate_by = 50
    paginator_class = CappedPaginator
    queryset = Comment.objects.filter(status=Comment.Status.PENDING).select_related("entity")
    extra_context = {"page_query": QueryDict()}
