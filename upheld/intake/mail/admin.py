"""Read-only views of what e-mail intake took and what it kept aside (ISO 10002 7.2)."""

from django.contrib import admin, messages

from upheld.complaints.errors import LifecycleError

from .models import ProcessedMail, QuarantinedMail


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProcessedMail)
class ProcessedMailAdmin(ReadOnly):
    list_display = ("at", "sender", "subject", "outcome", "complaint")
    search_fields = ("message_id", "sender", "subject", "complaint__reference")
    list_filter = ("outcome",)

    def has_delete_permission(self, request, obj=None):
        return False  # the record is what stops a message being taken twice


@admin.register(QuarantinedMail)
class QuarantinedMailAdmin(ReadOnly):
    list_display = ("at", "sender", "subject", "reason", "size", "complaint")
    search_fields = ("message_id", "sender", "subject", "reason")
    exclude = ("raw",)
    actions = ["take_anyway"]

    @admin.action(description="Take as a complaint (or its correspondence) after all")
    def take_anyway(self, request, queryset):
        from .release import take_anyway

        for quarantined in queryset:
            try:
                complaint = take_anyway(quarantined, by=request.user)
            except LifecycleError as exc:
                self.message_user(request, f"{quarantined}: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"{quarantined.sender}: {complaint.reference}")
