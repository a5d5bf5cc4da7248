"""The caches follow REDIS_URL: the limits always in the database, the pages in a
shared Redis for several instances, in local memory otherwise."""

from project.tests.subprocesses import caches_for, run_django


def test_the_limits_count_in_the_database_with_or_without_redis():
    for redis_url in ["", "redis://10.0.0.5:6379/3"]:
        default = caches_for(REDIS_URL=redis_url)["default"]

        assert default["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_redis_url_gives_every_process_the_same_page_cache_that_may_fail():
    pages = caches_for(REDIS_URL="redis://10.0.0.5:6379/3")["pages"]

    assert pages["BACKEND"] == "django_redis.cache.RedisCache"
    assert pages["LOCATION"] == "redis://10.0.0.5:6379/3"
    assert pages["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert pages["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 1


def test_without_redis_url_each_process_keeps_pages_in_its_own_memory():
    pages = caches_for()["pages"]

    assert pages["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_url_with_an_unknown_scheme_stops_with_one_sentence():
    result = run_django("pass", REDIS_URL="http://127.0.0.1:6379/0")

    assert result.returncode != 0
    assert "REDIS_URL has the unknown scheme 'http'; use a URL such as" in result.stderr


def test_sessions_and_permissions_are_cached_only_in_a_cache_every_process_shares():
    # In a process's own memory, a sign-out or a permission taken away in one process
    # would not reach the others.
    assert "sessions" not in caches_for()
    sessions = caches_for(REDIS_URL="redis://10.0.0.5:6379/3")["sessions"]

    assert sessions["BACKEND"] == "django_redis.cache.RedisCache"
    assert sessions["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
