"""Tables of the site-wide plumbing."""

from django.db import models


class RateCounter(models.Model):
    """One fixed-window counter of ``project.ratelimit``: how many events a key
    (a scope and a client address or user name, hashed) had in the window that
    ends at ``expires`` (Unix seconds). Written only by the atomic upsert there."""

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField()
    expires = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
