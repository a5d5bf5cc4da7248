"""The project's two tables, mapped without migrations of their own."""

from django.db import models
from django.urls import reverse
from django.utils import timezone


class Entity(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    content = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The project keeps this count; the baseline adds to it when it stores a
    # comment, so the table stays right whichever site wrote to it.
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        managed = False
        db_table = "entities_entity"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("entity-detail", kwargs={"slug": self.slug})


class Comment(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    content = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        managed = False
        db_table = "comments_comment"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.name}"
