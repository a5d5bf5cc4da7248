"""The Comment model, which keeps its entity's ``comment_count`` right."""

from datetime import datetime, timedelta
from math import ceil
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entities.models import Entity, forget_kept
from entities.names import NameField


def entity_changed(entity_id: int, delta: int = 0) -> int:
    """Every comment write: ``delta`` more published comments (Django keeps no count of
    related rows; F() so concurrent posts add up) and the kept pages forgotten. Returns
    the new count."""
    count = F("comment_count") + delta
    entity = Entity.objects.filter(pk=entity_id)
    entity.update(comment_count=count if delta >= 0 else Greatest(count, 0))
    for slug, new_count in entity.values_list("slug", "comment_count"):  # one row, or none
        forget_kept(slug, entity_id)
        return new_count
    return 0


class Status(models.TextChoices):
    """Only published comments are shown to visitors and counted; the labels are the
    badges their writers and moderators see."""

    PUBLISHED = "published", _("published")
    PENDING = "pending", _("waiting for approval")
    HIDDEN = "hidden", _("hidden from visitors")


class CommentQuerySet(models.QuerySet):
    """Writes that change what visitors see keep the entity's count and forget its pages."""

    def visible(self) -> "CommentQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def shown_to(self, user: Any) -> "CommentQuerySet":
        """Everything for moderators (marked on the page), the published ones for others."""
        if user is not None and user.has_perm("comments.moderate_comment"):
            return self.all()
        return self.visible()

    def hide(self) -> int:
        """Hide the comments from visitors; nothing is deleted. Returns how many changed."""
        return self._set_status(Status.HIDDEN)

    hide.alters_data = True  # type: ignore[attr-defined]

    def publish(self) -> int:
        """Show hidden comments again, or approve waiting ones."""
        return self._set_status(Status.PUBLISHED)

    publish.alters_data = True  # type: ignore[attr-defined]

    def _set_status(self, status: str) -> int:
        # From the UPDATEs' row counts: two moderators at once count once.
        changed = 0
        with transaction.atomic(using=self.db):
            rows = self.exclude(status=status).order_by()
            for entity_id in set(rows.values_list("entity_id", flat=True)):
                of_entity = rows.filter(entity_id=entity_id)
                published = of_entity.filter(status=Status.PUBLISHED).update(status=status)
                others = of_entity.update(status=status)
                if published or others:
                    entity_changed(entity_id, others if status == Status.PUBLISHED else -published)
                changed += published + others
        return changed

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the comments and take the published ones off their entities' counts."""
        with transaction.atomic(using=self.db):
            per_entity = dict(
                self.order_by()
                .values("entity")
                .annotate(n=models.Count("pk", filter=Q(status=Status.PUBLISHED)))
                .values_list("entity", "n")
            )
            result = super().delete()
            for entity_id, n in per_entity.items():
                entity_changed(entity_id, -n)
        return result

    # Django's markers on its own delete(), lost by overriding it.
    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class Comment(models.Model):
    """A visitor's comment on an entity; ``user`` None: anonymous or the account is gone."""

    MAX_LENGTH = 5000
    Status = Status

    entity = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("entity"),
        # Covered by the (entity, created_at, id) index below.
        db_index=False,
    )
    name = NameField(pgettext_lazy("comment author", "name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    content = models.TextField(_("comment"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.PUBLISHED,
        db_default=Status.PUBLISHED,
        editable=False,
    )
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    # What the comment limit counts (project.rates.client_address).
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        permissions = [("moderate_comment", _("Can hide, show and approve comments"))]
        indexes = [
            # The comments of one entity in order: the entity page and its pagination.
            models.Index(fields=["entity", "created_at", "id"], name="comment_entity_in_order"),
            # The published ones alone: the pages visitors read, and their exact count,
            # from the index without the table's rows (a busy entity's count in ms).
            models.Index(
                fields=["entity", "created_at", "id"],
                condition=Q(status=Status.PUBLISHED),
                name="comment_published_in_order",
            ),
            # One address's recent comments: the comment limit.
            models.Index(fields=["ip_address", "created_at"], name="comment_address_recent"),
        ]

    def __str__(self) -> str:
        return _("Comment by %(name)s") % {"name": self.name}

    # Not in signal receivers: one would make Django delete an entity's comments one by one.
    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and keep the count of its entity (and of the one it was on)."""
        with transaction.atomic(using=kwargs.get("using")):
            before = None
            if not self._state.adding:
                before = Comment.objects.filter(pk=self.pk).values_list("entity", "status").first()
            super().save(*args, **kwargs)
            delta = int(self.status == Status.PUBLISHED)
            if before is not None:
                was_on, was_published = before[0], int(before[1] == Status.PUBLISHED)
                if was_on != self.entity_id:
                    entity_changed(was_on, -was_published)
                else:
                    delta -= was_published
            count = entity_changed(self.entity_id, delta)
            if before is None and delta:  # its place: the count less the few after it
                shown = Comment.objects.filter(entity_id=self.entity_id).visible()
                tie = Q(created_at=self.created_at, pk__gt=self.pk)
                self.position = (
                    count - shown.filter(Q(created_at__gt=self.created_at) | tie).count()
                )

    save.alters_data = True  # type: ignore[attr-defined]

    def get_absolute_url(self) -> str:
        """The entity page at this comment; a caller may set ``position`` to save a query."""
        position = getattr(self, "position", None)
        if position is None:
            shown = Comment.objects.filter(entity_id=self.entity_id).visible()
            position = shown.filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lte=self.pk)
            ).count()
        number = max(1, ceil(position / settings.COMMENTS_PER_PAGE))
        page = f"?page={number}" if number > 1 else ""
        return f"{self.entity.get_absolute_url()}{page}#comment-{self.pk}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """As the queryset's delete, which reads the status as stored."""
        result = Comment.objects.filter(pk=self.pk).delete()
        self.pk = None
        return result

    delete.alters_data = True  # type: ignore[attr-defined]

    @property
    def is_visible(self) -> bool:
        return self.status == Status.PUBLISHED

    def edit_deadline(self) -> datetime:
        return self.created_at + timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)

    def can_be_changed_by(self, user: Any) -> bool:
        """Its writer, signed in, within ``COMMENTS_EDIT_MINUTES`` of posting; nobody else."""
        return (
            user.is_authenticated
            and self.user_id == user.pk
            and timezone.now() < self.edit_deadline()
        )

    @classmethod
    def status_for_new(cls, user: Any) -> str:
        """Published, or held for approval under ``COMMENTS_MODERATION``."""
        mode = settings.COMMENTS_MODERATION
        if mode == "off" or user.has_perm("comments.moderate_comment"):
            return Status.PUBLISHED
        if mode == "all" or not user.is_authenticated:
            return Status.PENDING
        first_time = not cls.objects.filter(user=user).visible().exists()
        return Status.PENDING if first_time else Status.PUBLISHED

    def edited_by(self, user: Any) -> None:
        """Mark it edited; under moderation the new text waits for approval again."""
        self.edited_at = timezone.now()
        if settings.COMMENTS_MODERATION != "off" and not user.has_perm("comments.moderate_comment"):
            self.status = Status.PENDING
