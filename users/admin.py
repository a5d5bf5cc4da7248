from typing import Any, cast

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User

# The admin signs in through allauth's page, under its limits (cookiecutter-django's way).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "email")}),
        # Set on Django's UserAdmin; the stubs give it the optional type of ModelAdmin's.
        *cast(tuple[Any, ...], DjangoUserAdmin.fieldsets)[2:],
    )
    list_display = ["username", "email", "name", "is_staff", "is_active"]
    search_fields = ["username", "name", "email"]
