"""Root URLconf: the apps, the accounts, the language switch, the admin, site-wide views."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from entities.sitemaps import SITEMAPS
from project import views
from project.tags import site_name
from users import views as users_views

# The admin is headed by the site's name too, read when a page renders.
admin.site.site_header = admin.site.site_title = lazy(site_name, str)()

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="entities:list"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
    # For pages without an icon link (the admin's); lazy: known after collectstatic.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"))),
    # The page of nginx's 429 (deploy/nginx), asked for by nginx itself.
    path("too-many-requests", views.too_many_requests, name="too_many_requests"),
    path(
        "sitemap.xml",
        cache_page(settings.SITEMAP_CACHE_SECONDS, cache="pages")(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(settings.SITEMAP_CACHE_SECONDS, cache="pages")(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("entities/", include("entities.urls")),
    path("entities/", include("comments.urls")),
    # allauth's sign-in, answering 429 while it is paused; before allauth's URLs.
    path("accounts/login/", users_views.LoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("users.urls")),
    # No CSRF token in the switcher, so pages can be shared; the worst is a language switch.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # ADMIN_URL moves it; its sign-in is allauth's (users/admin.py).
    path(settings.ADMIN_URL, admin.site.urls),
]

# A database error outside a view (saving the session) answers 503 too.
handler500 = "project.middleware.server_error"

if getattr(settings, "DEBUG_TOOLBAR", False):
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()
