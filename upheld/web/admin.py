from django.contrib import admin

from .models import RoleSecondFactor


@admin.register(RoleSecondFactor)
class RoleSecondFactorAdmin(admin.ModelAdmin):
    """The complaints manager requires a second factor for a role (from each member's next
    sign-in; a member without an authenticator app is asked to set one up)."""

    list_display = ["role", "required"]
    list_editable = ["required"]
