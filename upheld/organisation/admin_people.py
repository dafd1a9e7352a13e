"""Competence and policy in the admin (ISO 10002 5.2, 5.3.4, 6.4), kept by the complaints
manager: the courses and the roles that require them, each person's training records, the
policy's versions (added, never changed) and who acknowledged them."""

from django.contrib import admin

from .models import Course, PolicyAcknowledgement, PolicyVersion, TrainingRecord


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "valid_for_months")
    filter_horizontal = ("required_for",)
    search_fields = ("name",)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ("person", "course", "completed_on", "expires_on")
    list_filter = ("course",)
    list_select_related = ("person", "course")
    autocomplete_fields = ("course",)
    search_fields = ("person__username", "course__name")
    date_hierarchy = None


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ("version", "language", "title", "published_at")
    list_filter = ("language",)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # what was published stays on record (a new version replaces it)


@admin.register(PolicyAcknowledgement)
class PolicyAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ("person", "version", "acknowledged_at")
    list_filter = ("version",)
    list_select_related = ("person",)

    def has_add_permission(self, request):
        return False  # each person acknowledges for themselves (/accounts/policy/)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
