"""The site's URLconf plus a page that always fails, for the error-log test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from project.urls import urlpatterns as site_urlpatterns


def failing_view(request: HttpRequest) -> HttpResponse:
    raise ValueError("the page failed")


urlpatterns = [*site_urlpatterns, path("failing/", failing_view, name="failing")]
