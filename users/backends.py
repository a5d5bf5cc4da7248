"""Sign-in through allauth, with each person's permissions kept between requests.

Own code: Django's backend reads a user's permissions with two queries on every
request that asks (every page's navigation does), and no kept package caches them.
"""

import uuid
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.core.cache import caches
from django.db import transaction

GENERATION = "permissions:generation"


class CachedPermissionsBackend(AuthenticationBackend):
    """allauth's backend; a user's permissions come from the "sessions" cache (shared
    by every process, or not set) while nothing that decides them changed
    (``new_generation``). Without it, or while it is down, from the database."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if (
            "sessions" not in settings.CACHES
            or obj is not None
            or not user_obj.is_active
            or hasattr(user_obj, "_perm_cache")
        ):
            return super().get_all_permissions(user_obj, obj)
        cache = caches["sessions"]
        key = f"permissions:{user_obj.pk}"
        found = cache.get_many([GENERATION, key])
        generation = found.get(GENERATION)
        if generation is None:  # never made, or evicted: no kept set can be trusted
            cache.add(GENERATION, uuid.uuid4().hex)
            generation = cache.get(GENERATION)
        kept = found.get(key)
        if generation is not None and kept is not None and kept[0] == generation:
            user_obj._perm_cache = kept[1]
            return kept[1]
        permissions = super().get_all_permissions(user_obj)
        if generation is not None:
            cache.set(key, (generation, permissions), None)
        return permissions


def new_generation(**kwargs: Any) -> None:
    """Forget every kept set, now and once the change is committed (a request between
    the two would have kept the old set under the new generation)."""

    def forget() -> None:
        if "sessions" in settings.CACHES:
            caches["sessions"].set(GENERATION, uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)
