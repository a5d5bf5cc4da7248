"""Hostile text for property-based tests, and how to send it as a browser would.

The test client encodes strictly as UTF-8, so a lone surrogate could not even be
sent. These helpers percent-encode with ``surrogatepass`` instead: the server
receives the invalid UTF-8 bytes a broken or malicious client would send.
"""

from http import HTTPStatus
from urllib.parse import parse_qsl, quote, urlencode

from django.http import HttpResponse
from django.test import Client
from hypothesis import strategies as st

from entities.names import normalise_name

# Every status a request may answer with, whatever it carries: never a 5xx.
ACCEPTABLE_STATUSES = frozenset(
    status
    for status in HTTPStatus
    if 200 <= status < 400
    or status
    in {
        HTTPStatus.BAD_REQUEST,
        HTTPStatus.FORBIDDEN,
        HTTPStatus.NOT_FOUND,
        HTTPStatus.METHOD_NOT_ALLOWED,
    }
)

LARGE = 100_000

FRAGMENTS = [
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "{{ request }}{% debug %}",
    "'; DROP TABLE entities_entity; --",
    "' OR '1'='1",
    '" OR 1=1 --',
    "%00%27%22",
    "\\x00\\",
    "_%",  # LIKE wildcards
    "\u202eevil\u202c",  # right-to-left override
    "שלום עולם",
    "مرحبا بالعالم",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "\ud800",  # lone surrogates
    "\udfff",
    "\ufeff\u200b\u200d",
    "\r\n\t\x0b\x0c\x1b[31m\x7f",
    "İstanbul ß ǅ ﬃ",  # case folding that differs between databases
    "../../etc/passwd",
    "new",
    " ",
]

_any_character = st.one_of(
    st.characters(exclude_categories=()),
    # Rare in the default distribution, so asked for on purpose.
    st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp"]),
)


def _hostile(large: int) -> st.SearchStrategy[str]:
    """Short random text, fragments of attacks, or one of them repeated to ``large``."""
    return st.one_of(
        st.text(_any_character, max_size=60),
        st.lists(
            st.one_of(st.sampled_from(FRAGMENTS), st.text(_any_character, max_size=8)), max_size=6
        ).map("".join),
        st.sampled_from(["x", *FRAGMENTS]).map(
            lambda fragment: (fragment * (large // len(fragment) + 1))[:large]
        ),
    )


hostile_text = _hostile(LARGE)
# For addresses (paths, query strings): about what fits, percent-encoded, in the 8 KB
# request line nginx passes on (deploy/nginx); it refuses a longer one before the
# site sees it. Still five times what the search box takes (200).
LARGE_IN_ADDRESS = 1_000
hostile_address_text = _hostile(LARGE_IN_ADDRESS)


def encode(data: dict[str, str]) -> str:
    """``application/x-www-form-urlencoded``, lone surrogates and all."""
    return urlencode(data, encoding="utf-8", errors="surrogatepass")


def received(value: str) -> str:
    """The text Django decodes from ``value`` as sent by ``encode``: invalid UTF-8
    becomes U+FFFD, as in any browser."""
    return parse_qsl(encode({"v": value}), keep_blank_values=True)[0][1]


def accepted(value: str) -> str:
    """What a form field with Django's default ``strip=True`` keeps."""
    return received(value).strip()


def accepted_name(value: str) -> str:
    """What a name field keeps: ``accepted``, in the normal form of names."""
    return normalise_name(accepted(value))


def path_segment(value: str) -> str:
    return quote(value, safe="", encoding="utf-8", errors="surrogatepass")


def post_form(client: Client, url: str, data: dict[str, str]) -> HttpResponse:
    return client.post(url, encode(data), content_type="application/x-www-form-urlencoded")


def get_with(client: Client, url: str, params: dict[str, str]) -> HttpResponse:
    return client.get(f"{url}?{encode(params)}")
