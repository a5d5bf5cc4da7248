from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


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
