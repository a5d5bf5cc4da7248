"""Static files as production serves them: collected, hashed, compressed, cached for long."""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

ONE_YEAR = 365 * 24 * 60 * 60
PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory) -> Path:
    """The output of ``collectstatic`` under the production storage, once per module."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STATIC):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected_static) -> Client:
    """A client of a site that serves the collected files through WhiteNoise."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = PRODUCTION_STATIC
    settings.DEBUG = False
    # A new client builds a new middleware chain, so WhiteNoise scans STATIC_ROOT.
    return Client()


def max_age(cache_control: str) -> int:
    directives = dict(d.strip().partition("=")[::2] for d in cache_control.split(","))
    return int(directives["max-age"])


def test_a_hashed_css_file_is_cached_for_at_least_a_year(production_static):
    url = static("css/site.css")

    response = production_static.get(url)

    assert url != "/static/css/site.css"  # the name carries the content's hash
    assert response.status_code == HTTPStatus.OK
    assert max_age(response["Cache-Control"]) >= ONE_YEAR


def test_static_files_are_sent_compressed_to_clients_that_accept_it(production_static):
    response = production_static.get(
        static("bootstrap/css/bootstrap.min.css"), headers={"Accept-Encoding": "gzip"}
    )

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Encoding"] == "gzip"


def test_favicon_ico_answers_with_the_sites_icon(production_static):
    # Asked for by browsers on pages without an icon link (the admin's) and by crawlers.
    response = production_static.get("/favicon.ico", follow=True)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/svg+xml"
