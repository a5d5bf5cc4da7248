"""Root URLconf: the apps, sign in and out, the language switch, the admin and the
site-wide views."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from project import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="entities:list"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("entities/", include("entities.urls")),
    path("entities/", include("comments.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # set_language (POST): the language switcher in the navigation bar.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if getattr(settings, "DEBUG_TOOLBAR", False):
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()
