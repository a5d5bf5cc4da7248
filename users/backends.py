"""Sign-in through allauth, with each signed-in person kept between requests.

Own code: Django's backend reads the user with a query on every request and their
permissions with two more where a page asks (every navigation bar does), and no
kept package caches them.
"""

import uuid
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.core.cache import caches
from django.db import transaction

GENERATION = "permissions:generation"


class CachedPermissionsBackend(AuthenticationBackend):
    """allauth's backend; a signed-in user and their permissions come from the
    "sessions" cache (shared by every process, or not set) in one round trip while
    nothing that decides them changed (``new_generation``). Without it, or while it
    is down, from the database."""

    def get_user(self, user_id: Any) -> Any:
        if "sessions" not in settings.CACHES:
            return super().get_user(user_id)
        cache = caches["sessions"]
        key = f"user:{user_id}"
        found = cache.get_many([GENERATION, key])
        generation = found.get(GENERATION)
        if generation is None:  # never made, or evicted: nothing kept can be trusted
            cache.add(GENERATION, uuid.uuid4().hex)
            generation = cache.get(GENERATION)
        kept = found.get(key)
        if generation is not None and kept is not None and kept[0] == generation:
            return kept[1]
        user = super().get_user(user_id)
        if user is not None and generation is not None:
            user.get_all_permissions()  # kept on the user (Django's _perm_cache)
            cache.set(key, (generation, user), None)
        return user


def new_generation(**kwargs: Any) -> None:
    """Forget every kept set, now and once the change is committed (a request between
    the two would have kept the old set under the new generation)."""

    def forget() -> None:
        if "sessions" in settings.CACHES:
            caches["sessions"].set(GENERATION, uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)
