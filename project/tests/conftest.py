"""Fixtures for the site-wide tests."""

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher


@pytest.fixture
def dead_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound here, so nobody else can
    listen on it, but never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


class CountingHasher(MD5PasswordHasher):
    """Django's MD5 hasher (the tests' fast one) that counts the passwords it
    hashes and takes ``cost`` seconds for each, as a real hasher would."""

    calls = 0
    cost = 0.0
    lock = threading.Lock()

    def _count(self) -> None:
        with self.lock:
            type(self).calls += 1
        time.sleep(self.cost)

    # Checking a password (verify) and making one (make_password, which Django
    # also runs for unknown user names) both come here.
    def encode(self, password, salt):
        self._count()
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings) -> Iterator[type[CountingHasher]]:
    """Password hashing that is counted; users made before keep working (md5)."""
    CountingHasher.calls, CountingHasher.cost = 0, 0.0
    settings.PASSWORD_HASHERS = ["project.tests.conftest.CountingHasher"]
    yield CountingHasher
