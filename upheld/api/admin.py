"""Admin for API tokens: see who holds one, when it was last used, and revoke it."""

from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued with `upheld issue-token USERNAME` (shown once)

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        queryset.update(revoked=True)
