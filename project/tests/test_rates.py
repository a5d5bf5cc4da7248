"""Rates in settings: read as people write them, refused clearly when mistyped."""

import pytest

from project.envvars import parse_rate
from project.tests.subprocesses import run_django


@pytest.mark.parametrize(
    ("value", "rate"), [("5/m", (5, 60)), ("10/15m", (10, 900)), ("100/h", (100, 3600))]
)
def test_rate_is_read_as_written(value, rate):
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["5", "5/minute", "0/m", "5/0m", "-1/m", "", "5/m/ip", "5/h "])
def test_mistyped_rate_is_no_rate(value):
    assert parse_rate(value) is None


def test_mistyped_rate_in_the_environment_stops_the_site_at_start():
    result = run_django(
        "from django.core.management import call_command; call_command('check')",
        LOGIN_ADDRESS_FAILURE_LIMIT="5 per minute",
    )

    assert result.returncode != 0
    assert "LOGIN_ADDRESS_FAILURE_LIMIT is '5 per minute', which is not a rate" in result.stderr
