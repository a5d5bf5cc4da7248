"""The cache follows REDIS_URL: shared Redis for several instances, local memory otherwise."""

import os
import subprocess
import sys

from django.conf import settings

SHOW_CACHE = "import django; django.setup(); from django.conf import settings; "
SHOW_CACHE += (
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"
)


def run_settings(**environment: str) -> subprocess.CompletedProcess:
    """Load the development settings in a new process with ``environment`` added."""
    # An empty REDIS_URL also hides one a developer's .env file may set.
    environ = os.environ | {"DJANGO_SETTINGS_MODULE": "project.settings.dev", "REDIS_URL": ""}
    environ |= environment
    return subprocess.run(
        [sys.executable, "-c", SHOW_CACHE],
        env=environ,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_redis_url_gives_every_process_the_same_redis_cache():
    result = run_settings(REDIS_URL="redis://10.0.0.5:6379/3")

    assert result.stdout.split() == [
        "project.cache.DegradingRedisCache",
        "redis://10.0.0.5:6379/3",
    ]


def test_without_redis_url_each_process_caches_in_its_own_memory():
    result = run_settings()

    assert result.stdout.split()[0] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_url_with_an_unknown_scheme_stops_with_one_sentence():
    result = run_settings(REDIS_URL="http://127.0.0.1:6379/0")

    assert result.returncode != 0
    assert "REDIS_URL has the unknown scheme 'http'; use a URL such as" in result.stderr


def test_redis_cache_reuses_one_client_for_every_operation():
    """Django's client builds a ``redis.Redis`` per operation (more than a GET
    costs); the site's keeps one per connection pool. Nothing connects here."""
    from project.cache import DegradingRedisCache

    client = DegradingRedisCache("redis://127.0.0.1:9/0", {})._cache
    assert client.get_client() is client.get_client(write=True)
    assert client.get_client().connection_pool is client._get_connection_pool(False)
