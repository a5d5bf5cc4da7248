from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "email")}),
        *DjangoUserAdmin.fieldsets[2:],
    )
    list_display = ["username", "email", "name", "is_staff", "is_active"]
    search_fields = ["username", "name", "email"]
