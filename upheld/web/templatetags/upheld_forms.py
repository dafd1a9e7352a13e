"""Small helpers for accessible form markup (WCAG 2.2: labels, hints, errors, summary)."""

from django import template

register = template.Library()


@register.filter
def anchor(field) -> str:
    """The id the error summary links to: the field itself, or the first of a group."""
    if field.field.widget.use_fieldset:
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def optional(field) -> bool:
    """Show '(optional)' beside the label, except where another field decides."""
    return not field.field.required and field.name not in getattr(field.form, "conditional", ())


@register.filter
def is_checkbox(field) -> bool:
    return getattr(field.field.widget, "input_type", "") == "checkbox" and not (
        field.field.widget.use_fieldset
    )


@register.simple_tag(takes_context=True)
def form_token(context) -> str:
    """The form's one-time token (web/once.py), as a hidden field."""
    from django.utils.html import format_html

    from upheld.web import formtoken

    token = formtoken.issue(context["request"])
    return format_html('<input type="hidden" name="{}" value="{}">', formtoken.FIELD, token)
