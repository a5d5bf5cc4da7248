"""A check shared by the tests of every app: a page wears the site's look."""

from django.http import HttpResponse
from django.templatetags.static import static


def assert_site_look(response: HttpResponse) -> None:
    """The page extends ``base.html``: the site's stylesheet and navigation bar."""
    html = response.content.decode()
    assert static("css/site.css") in html
    assert 'class="navbar-brand' in html
