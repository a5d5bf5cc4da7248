"""Site-wide views that belong to no app."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers.

    It touches no database, so it is also the framework's own ceiling in benchmarks.
    """
    return HttpResponse("ok", content_type="text/plain")
