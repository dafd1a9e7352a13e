"""The complaints manager keeps the templates and the letter settings here (capability 28).
Saving a template never changes it: it is saved as the next version."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Max

from upheld.complaints.errors import InvalidInput

from . import editing, text
from .models import Letter, LetterSettings, Template


class TemplateForm(admin.ModelAdmin.form):  # type: ignore[name-defined]
    """The same checks as the desk's editor (editing.py): the text parses, uses only the
    plain tags, and, filled for the sample complaint, says what its letter must say."""

    def clean(self):
        cleaned = super().clean()
        for name in ("subject", "body"):
            try:
                text.check_source(cleaned.get(name) or "", name)
            except InvalidInput as exc:
                raise ValidationError(
                    {k: [str(m) for m in v] for k, v in exc.messages().items()}
                ) from exc
        keys = [cleaned.get(k) or "" for k in ("kind", "regime", "language")]
        if editing.known(*keys) and cleaned.get("subject") and cleaned.get("body"):
            try:
                found = editing.preview(*keys, subject=cleaned["subject"], body=cleaned["body"])
                if found.missing:
                    raise editing.TemplateRefused(found.missing)
            except InvalidInput as exc:
                raise ValidationError(
                    {
                        k if k in self.fields else None: [str(m) for m in v]
                        for k, v in exc.messages().items()
                    }
                ) from exc
        return cleaned


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ("kind", "regime", "language", "version", "subject", "created_at")
    list_filter = ("kind", "regime", "language")
    readonly_fields = ("version", "created_at", "created_by")

    def save_model(self, request, obj, form, change):
        latest = Template.objects.filter(
            kind=obj.kind, regime=obj.regime, language=obj.language
        ).aggregate(v=Max("version"))["v"]
        obj.pk, obj.version, obj.created_by = None, (latest or 0) + 1, request.user
        obj._state.adding = True
        obj.save()

    def has_delete_permission(self, request, obj=None):
        return False  # a kept letter names its version


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        # One record: whoever may add it (the permission first), while there is none.
        return super().has_add_permission(request) and not LetterSettings.objects.exists()


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("complaint", "kind", "channel", "state", "created_at", "posted_on")
    list_filter = ("kind", "channel", "state")
    exclude = ("pdf", "pending_secret")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Letter._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
