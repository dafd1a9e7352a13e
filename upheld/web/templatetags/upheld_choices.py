"""Choices shown cheaply where a page shows many of them (a queue's rows, a filter's
options): the same text and markup as Django's own, without its cost per call.

`get_<field>_display` rebuilds the field's whole choice list as a dict on every call,
hashing each lazily translated label (a translation lookup each: 13 for a complaint's
state, per row). `label` reads a table made once per field and language. A select written
out by a template loop costs a loop turn, a comparison and two escapes per option (the
category filter has one per category, hundreds); `options` writes them in one pass."""

from functools import cache
from html import escape

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@cache
def _labels(model, field: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


@register.filter
def label(record, field: str):
    """What `record.get_<field>_display` says: the label of the field's value in the
    active language, else the value itself."""
    value = getattr(record, field)
    return _labels(type(record), field, get_language()).get(value, value)


@register.filter
def options(field) -> SafeString:
    """A select field's `<option>`s, the one whose value is the field's marked selected."""
    chosen = str(field.value())
    return SafeString(
        "".join(
            f'<option value="{_escaped(value)}"{" selected" if str(value) == chosen else ""}>'
            f"{_escaped(text)}</option>"
            for value, text in field.field.choices
        )
    )


def _escaped(value) -> str:
    """As a template writes a variable out: escaped, unless it is safe already."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
