"""The organisation's settings (ISO 10002 5.2, 6.3, 7.1) in the Django admin: one record,
kept by the complaints manager, with the external bodies complainants may go to."""

from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import ExternalBody, Organisation

admin.site.site_header = _("Upheld administration")
admin.site.site_title = _("Upheld")

VIEW, CHANGE = "organisation.view_organisation", "organisation.change_organisation"


class ExternalBodyInline(admin.StackedInline):
    """ISO 10002 7.1 f / ISO 10003: part of the settings, so whoever may change the settings
    may keep this list."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    model = ExternalBody
    extra = 0
    fields = (
        "position",
        "name",
        "description",
        "when_to_go",
        "website",
        "email",
        "phone",
        "postal_address",
    )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(VIEW) or request.user.has_perm(CHANGE)

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(CHANGE)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(CHANGE)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(CHANGE)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """A singleton: the list goes straight to the one settings page."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    inlines = (ExternalBodyInline,)
    sections = (
        (None, ("name", "contact_email", "contact_phone", "postal_address", "website", "country")),
        (_("Complaints (ISO 10002 7.2)"), ("reference_prefix", "allow_anonymous")),
        (
            _("How to complain page (ISO 10002 7.1)"),
            (
                "complaints_intro",
                "phone_hours",
                "in_person_address",
                "information_needed",
                "remedies_offered",
                "internal_review",
                "privacy_notice",
            ),
        ),
    )

    def get_fieldsets(self, request, obj=None):
        fields = {
            f.name
            for f in Organisation._meta.get_fields()
            if getattr(f, "editable", False) and not f.auto_created and f.concrete
        }
        fieldsets = [
            (title, {"fields": [f for f in names if f in fields]}) for title, names in self.sections
        ]
        listed = {f for _title, names in self.sections for f in names}
        others = sorted(fields - listed)  # settings added later still show up
        if others:
            fieldsets.append((_("Other settings"), {"fields": others}))
        return fieldsets

    def changelist_view(self, request, extra_context=None):
        org = Organisation.current()
        return redirect(reverse("admin:organisation_organisation_change", args=[org.pk]))

    def has_add_permission(self, request):
        return False  # Organisation.current() creates the one record

    def has_delete_permission(self, request, obj=None):
        return False


from . import admin_people  # noqa: E402, F401 — competence and policy
