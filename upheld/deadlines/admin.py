"""The complaints manager keeps the calendar, the regime profiles and the objectives."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from . import engine
from .models import Calendar, ClockRule, Objective, Profile
from .models.profile import Action


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "team", "time_zone", "country", "subdivision", "opens", "closes")


class ClockRuleInline(admin.StackedInline):
    model = ClockRule
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = formset.form
        original = form.clean

        def clean(self):
            data = original(self)
            problems = engine.check_points(
                data.get("amount") or 0, data.get("points") or [], set(Action.values)
            )
            if problems:
                raise ValidationError({"points": problems})
            return data

        form.clean = clean
        return formset


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("regime", "applies_at_receipt")
    inlines = [ClockRuleInline]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("title", "clock_key", "regime", "target_percent", "period", "valid_from")
