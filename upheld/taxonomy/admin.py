from django.contrib import admin

from .models import Taxonomy, Term


class TermInline(admin.TabularInline):
    model = Term
    fk_name = "taxonomy"
    fields = ("code", "label", "group", "active", "successor")
    raw_id_fields = ("successor",)
    extra = 0


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ("dimension", "version", "title", "valid_from", "valid_until")
    list_filter = ("dimension",)
    inlines = [TermInline]
