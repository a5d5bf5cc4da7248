"""Rates such as "5/m" in settings. Standard library and Django's exception only,
so ``project/settings/base.py`` can check them when the site starts."""

import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    """``count`` events allowed in ``period`` seconds."""

    count: int
    period: int

    @classmethod
    def parse(cls, value: str, setting: str) -> "Rate":
        """Read "5/m", "10/15m", "100/h"; a clear error names the setting otherwise."""
        match = RATE_PATTERN.match(value)
        if not match or int(match[1]) < 1 or match[2] == "0":
            raise ImproperlyConfigured(
                f"{setting} is {value!r}, which is not a rate; use a count, a slash and "
                'a period such as "5/m" (five a minute) or "10/15m" (ten in fifteen minutes).'
            )
        return cls(int(match[1]), int(match[2] or 1) * UNIT_SECONDS[match[3]])
