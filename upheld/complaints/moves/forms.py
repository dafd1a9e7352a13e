"""Django forms built from the moves' input (inputs.py), for the staff desk's pages.

One description, two faces: the API takes the pydantic model as its body, a page takes the
form built here — same fields, labels (the fields' translatable titles), help texts and
limits. A list of nested items (a decision's remedies) is not a form field: it is offered
as `nested`, the form of one item, for the page to show as a formset.

A field the input names by id or username (inputs.Chosen, inputs.Username) is a choice
among the values choices.py offers for the complaint the form is for (`MoveForm(complaint=…)`),
read when the form is shown or checked. A yes/no the input requires is a pair of radio
buttons that must be answered, never a checkbox whose silence would mean "no".

The form checks what the model checks (types, limits, choices); the lifecycle decides the
rest and says what is wrong per field (InvalidInput), which the page puts on these fields.
"""

import types
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache, partial
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from pydantic.fields import FieldInfo

from .. import filetypes
from ..errors import fmt
from ..files import IncomingFile
from ..models import ClosureReason, Complaint, Correspondence
from . import MOVES
from .choices import SOURCES, SPOKEN
from .inputs import Input

# Labels of values offered as literals rather than as a choices class.
LITERAL_LABELS = {
    **dict(ClosureReason.choices),
    **dict(Correspondence._meta.get_field("direction").choices or ()),
}


YES_NO = [("True", _("Yes")), ("False", _("No"))]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


def _describe_allowed() -> str:
    """Read when shown: the allowed types and size come from settings."""
    return str(
        fmt(
            _("You can choose several files. Allowed types: {types}; at most {size} each."),
            types=filetypes.describe_allowed(),
            size=filesizeformat(filetypes.max_bytes()),
        )
    )


_allowed = lazy(_describe_allowed, str)


class EvidenceFiles(forms.FileField):
    """Files that come with a move, checked as every channel checks them (filetypes: the
    type by content, the size limit, the number of files): cleaned into IncomingFiles, each
    stored with its SHA-256 in the trail by the lifecycle."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(label=_("Files"), required=False, help_text=_allowed(), **kwargs)

    def clean(self, data, initial=None) -> list[IncomingFile]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        most, limit = settings.UPHELD_ATTACHMENT_MAX_FILES, filetypes.max_bytes()
        if len(items) > most:
            raise forms.ValidationError(
                str(fmt(_("Choose at most {most} files at once."), most=most))
            )
        kept, refused = [], []
        for upload in items:
            upload = super().clean(upload, initial)
            if upload.size > limit:
                refused.append(
                    str(
                        fmt(
                            _("“{name}” is {size}; files can be at most {limit}."),
                            name=upload.name,
                            size=filesizeformat(upload.size),
                            limit=filesizeformat(limit),
                        )
                    )
                )
                continue
            content = upload.read()
            try:
                kind = filetypes.check(upload.name, content)
            except ValueError as wrong:
                refused.append(str(wrong))
                continue
            kept.append(IncomingFile(upload.name, content, kind))
        if refused:
            raise forms.ValidationError(refused)
        return kept


class MoveForm(forms.Form):
    """A move's form; `complaint` is the complaint it is for (what choices.py offers)."""

    nested: dict[str, type[forms.Form]] = {}
    sourced: dict[str, str] = {}  # field name → choices.SOURCES key

    def __init__(self, *args, complaint: Complaint | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        for name, source in self.sourced.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = partial(self._offered, source)

    def _offered(self, source: str) -> list[tuple[object, str]]:
        """Read once per form, however often the field's choices are gone through."""
        offers = self.__dict__.setdefault("_offers", {})
        if source not in offers:
            offers[source] = [("", "—"), *SOURCES[source](self.complaint)]
        return offers[source]


def form_for(move: str) -> type[MoveForm]:
    """The form of a move that takes a person's input (KeyError for any other); with a
    field for its files when the move takes files (Move.files)."""
    described = MOVES[move]
    if described.input is None:
        raise KeyError(move)
    if described.files:
        return _with_files(form_from(described.input), described.files)
    return form_from(described.input)


@cache
def _with_files(form: type[MoveForm], keyword: str) -> type[MoveForm]:
    return type(form.__name__, (form,), {keyword: EvidenceFiles()})


@cache
def form_from(model: type[Input]) -> type[MoveForm]:
    fields, nested, sourced = {}, {}, {}
    for name, info in model.model_fields.items():
        kind, optional = _unwrap(info.annotation)
        if get_origin(kind) is list:
            nested[name] = form_from(get_args(kind)[0])
            continue
        source = _source(info)
        if source:
            sourced[name] = source
            fields[name] = _chosen(kind, info, spoken=source in SPOKEN)
            continue
        fields[name] = _field(kind, optional, info)
    attrs = {**fields, "nested": nested, "sourced": sourced}
    return type(f"{model.__name__}Form", (MoveForm,), attrs)


def _source(info: FieldInfo) -> str:
    extra = info.json_schema_extra
    return str(extra.get("x-choices", "")) if isinstance(extra, dict) else ""


def _chosen(kind, info: FieldInfo, *, spoken: bool) -> forms.Field:
    """A choice among what choices.py offers (filled in by MoveForm for its complaint).
    The description of an id or a username speaks the API's words: not shown."""
    required = info.is_required()
    return forms.TypedChoiceField(
        label=info.title,
        help_text=(info.description or "") if spoken else "",
        required=required,
        initial=None if required else info.get_default(),
        coerce=int if kind is int else str,
        empty_value=None,
        choices=[],
    )


def _yes(value: str) -> bool:
    return value == "True"


def _unwrap(annotation) -> tuple[object, bool]:
    """(the type, whether None is allowed) of `X | None`, `Optional[X]` or `X`."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(get_args(annotation))
    return annotation, False


def _limits(info: FieldInfo) -> dict:
    found = {}
    for item in info.metadata:
        for attr, key in (
            ("ge", "min_value"),
            ("le", "max_value"),
            ("min_length", "min_length"),
            ("max_length", "max_length"),
        ):
            value = getattr(item, attr, None)
            if value is not None and isinstance(item, annotated_types.BaseMetadata):
                found[key] = value
    return found


def _field(kind, optional: bool, info: FieldInfo) -> forms.Field:
    required = info.is_required()
    common: dict[str, Any] = {
        "label": info.title,
        "help_text": info.description or "",
        "required": required,
        "initial": None if required else info.get_default(call_default_factory=True),
    }
    limits = _limits(info)
    if kind is bool and required:
        return forms.TypedChoiceField(
            **{**common, "initial": None},
            choices=YES_NO,
            coerce=_yes,
            widget=forms.RadioSelect,
        )
    if kind is bool:
        if optional:
            return forms.NullBooleanField(**{**common, "required": False})
        return forms.BooleanField(**{**common, "required": False})
    if kind is int:
        return forms.IntegerField(**common, **_only(limits, "min_value", "max_value"))
    if kind is Decimal:
        return forms.DecimalField(**{**common, "required": required and not optional})
    if kind is date:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if isinstance(kind, type) and issubclass(kind, Enum) and hasattr(kind, "choices"):
        return forms.ChoiceField(choices=_blank(optional, kind.choices), **common)
    if get_origin(kind) is Literal:
        choices = [(v, LITERAL_LABELS.get(v, v)) for v in get_args(kind)]
        return forms.ChoiceField(choices=_blank(optional or not required, choices), **common)
    if kind is str:
        text = _only(limits, "min_length", "max_length")
        widget = forms.TextInput if "max_length" in text else forms.Textarea(attrs={"rows": 3})
        return forms.CharField(widget=widget, strip=True, **common, **text)
    raise TypeError(f"No form field for {kind!r} ({info.title})")


def _only(limits: dict, *keys: str) -> dict:
    return {k: v for k, v in limits.items() if k in keys}


def _blank(optional: bool, choices) -> list:
    return [("", "—"), *choices] if optional else list(choices)
