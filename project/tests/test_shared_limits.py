"""With REDIS_URL set, separate processes share the comment limit.

Each process here is a separate Python interpreter with its own Django, as
gunicorn workers or machines would be; only Redis is shared.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"),
    reason="needs a Redis server it may flush: set TEST_REDIS_URL (CI does)",
)

HITS = """
import django
django.setup()
from django.core.cache import caches
from project.ratelimit import RateLimit
limit = RateLimit("comment", "COMMENT_RATE_LIMIT")
print(type(caches["default"]).__name__, *[limit.hit("198.51.100.1") for _ in range(3)])
"""


def hits_in_a_new_process() -> list[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings.dev",
        "REDIS_URL": os.environ["TEST_REDIS_URL"],
        "COMMENT_RATE_LIMIT": "5/m",
    }
    result = subprocess.run(
        [sys.executable, "-c", HITS],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.split()


@pytest.fixture
def empty_redis() -> None:
    import redis

    redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).flushdb()


def test_two_processes_share_one_limit_through_redis(empty_redis):
    first, second = hits_in_a_new_process(), hits_in_a_new_process()

    assert first == ["RedisCache", "True", "True", "True"]
    assert second == ["RedisCache", "True", "True", "False"]
