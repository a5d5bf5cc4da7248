"""Rates in settings: read as people write them, refused clearly when mistyped."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from project.rates import Rate
from project.tests.subprocesses import run_django


@pytest.mark.parametrize(
    ("value", "rate"),
    [("5/m", Rate(5, 60)), ("10/15m", Rate(10, 900)), (" 100 / h ", Rate(100, 3600))],
)
def test_rate_is_read_as_written(value, rate):
    assert Rate.parse(value, "COMMENT_RATE_LIMIT") == rate


@pytest.mark.parametrize("value", ["5", "5/minute", "0/m", "5/0m", "-1/m", ""])
def test_mistyped_rate_names_the_setting(value):
    with pytest.raises(ImproperlyConfigured, match=r"^COMMENT_RATE_LIMIT is"):
        Rate.parse(value, "COMMENT_RATE_LIMIT")


def test_mistyped_rate_in_the_environment_stops_the_site_at_start():
    result = run_django("pass", LOGIN_FAILURE_LIMIT="5 per minute")

    assert result.returncode != 0
    assert "LOGIN_FAILURE_LIMIT is '5 per minute', which is not a rate" in result.stderr
