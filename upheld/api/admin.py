"""Admin for API tokens: see who holds one, when it was last used, and revoke it."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import EventKind
from upheld.core import lookups

from .models import ApiToken, WebhookDelivery, WebhookSubscription


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
        lookups.changed()  # no post_save for an update: app servers drop kept tokens


class WebhookSubscriptionForm(forms.ModelForm):
    """The event kinds are chosen from the trail's vocabulary (EventKind), not typed."""

    event_kinds = forms.MultipleChoiceField(
        label=_("event kinds"),
        choices=[("*", _("every kind")), *EventKind.choices],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookSubscription
        fields = ("event_kinds",)  # the admin adds the others, with its field overrides


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("__str__", "url", "event_kinds", "active", "created_at")
    list_filter = ("active",)
    fields = ("description", "url", "event_kinds", "secret", "active")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "subscription",
        "event",
        "state",
        "attempts",
        "last_status",
        "created_at",
        "sent_at",
    )
    list_filter = ("state", "subscription")
    list_select_related = ("subscription", "event")
    readonly_fields = (
        "subscription",
        "event",
        "payload",
        "state",
        "attempts",
        "created_at",
        "claimed_at",
        "next_attempt_at",
        "sent_at",
        "last_status",
        "last_error",
    )

    def has_add_permission(self, request):
        return False
