"""The complaints manager keeps the letter templates (ISO 10002 7.8; capability 28): each
save is a new version — a version is never changed, so every kept letter names the text it
came from — and a template that lacks what the regulator requires is refused on save,
naming what is missing, judged on the template filled for a sample complaint (sample.py)."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import InvalidInput, fmt
from upheld.deadlines.regimes import Regime

from . import checks, sample, text
from .kinds import Kind
from .models import LANGUAGES, Template

SUBJECT_MAX = Template._meta.get_field("subject").max_length
NOTE_MAX = Template._meta.get_field("note").max_length
BODY_MAX = 20_000


class TemplateRefused(InvalidInput):
    """The template, filled for the sample complaint, lacks what its letter must say."""

    def __init__(self, missing: list):
        self.missing = missing
        listed = format_lazy("; ".join(["{}"] * len(missing)), *missing)
        super().__init__(
            {"body": fmt(_("This template cannot be saved. It lacks: {missing}."), missing=listed)}
        )


@dataclass
class Preview:
    kind: str
    regime: str
    language: str
    subject: str
    body: str
    missing: list = field(default_factory=list)


def known(kind: str, regime: str, language: str) -> bool:
    return (
        kind in Kind.values
        and regime in Regime.values
        and language in {code for code, _name in LANGUAGES}
    )


def versions(kind: str, regime: str, language: str) -> list[Template]:
    """Every version of one template, newest first."""
    rows = Template.objects.filter(kind=kind, regime=regime, language=language)
    return list(rows.select_related("created_by").order_by("-version"))


def starting_text(kind: str, regime: str, language: str) -> Template:
    """What a new version starts from: the newest version, or the template used today in
    its place (the regime's parent, the ISO default, English)."""
    return text.current(kind, regime, language)


def _clean(subject: str, body: str, note: str) -> tuple[str, str, str]:
    subject = " ".join((subject or "").split())
    body = (body or "").replace("\r\n", "\n").strip() + "\n"
    note = (note or "").strip()
    errors: dict = {}
    if not subject:
        errors["subject"] = _("Write the subject.")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = fmt(_("Keep the subject to {n} characters."), n=SUBJECT_MAX)
    if not body.strip():
        errors["body"] = _("Write the text.")
    elif len(body) > BODY_MAX:
        errors["body"] = fmt(_("Keep the text to {n} characters."), n=BODY_MAX)
    if len(note) > NOTE_MAX:
        errors["note"] = fmt(_("Keep the note to {n} characters."), n=NOTE_MAX)
    if errors:
        raise InvalidInput(errors)
    return subject, body, note


def _filled(source: str, facts: dict, where: str) -> str:
    text.check_source(source, where)
    try:
        return text.fill(source, facts)
    except InvalidInput:
        raise
    except Exception as exc:  # noqa: BLE001 — a filter given the wrong value, say
        raise InvalidInput(
            {where: fmt(_("The template could not be filled: {error}"), error=str(exc))}
        ) from exc


def preview(kind: str, regime: str, language: str, *, subject: str, body: str) -> Preview:
    """The template filled for the sample complaint, with what the checks find missing."""
    if not known(kind, regime, language):
        raise InvalidInput({"kind": _("There is no such template.")})
    subject, body, _note = _clean(subject, body, "")
    facts = sample.facts_for(kind, regime, language)
    errors, filled = {}, {}
    for where, source in (("subject", subject), ("body", body)):
        try:
            filled[where] = _filled(source, facts, where)
        except InvalidInput as wrong:
            errors.update(wrong.errors)
    if errors:
        raise InvalidInput(errors)
    missing = checks.missing(
        kind=kind, regime=regime, language=language, text=filled["body"], facts=facts, leaflet=True
    )
    return Preview(kind, regime, language, filled["subject"].strip(), filled["body"], missing)


def save(
    kind: str, regime: str, language: str, *, subject: str, body: str, note: str = "", by=None
) -> Template:
    """A new version of the template; refused, naming what is missing, when the checks
    find the filled sample lacking, and when nothing changed since the newest version."""
    subject, body, note = _clean(subject, body, note)
    found = preview(kind, regime, language, subject=subject, body=body)
    if found.missing:
        raise TemplateRefused(found.missing)
    try:
        with transaction.atomic():
            rows = Template.objects.select_for_update().filter(
                kind=kind, regime=regime, language=language
            )
            newest = rows.order_by("-version").first()
            if newest is not None and (newest.subject, newest.body.strip()) == (
                subject,
                body.strip(),
            ):
                raise InvalidInput(
                    {"body": fmt(_("Nothing changed since version {v}."), v=newest.version)}
                )
            return Template.objects.create(
                kind=kind,
                regime=regime,
                language=language,
                version=newest.version + 1 if newest else 1,
                subject=subject,
                body=body,
                note=note,
                created_by=by if getattr(by, "pk", None) else None,
            )
    except IntegrityError:  # another version of it saved at the same moment
        raise InvalidInput(
            {
                "body": _(
                    "Someone saved a version of this template at the same moment. "
                    "Read it, then save yours again."
                )
            }
        ) from None


def overview() -> list[dict]:
    """Every template by kind × regime × language with its newest version (None: the
    letter is written from the regime's parent, the ISO default or English). One query."""
    newest = {
        (row["kind"], row["regime"], row["language"]): row["newest"]
        for row in Template.objects.values("kind", "regime", "language")
        .annotate(newest=Max("version"))
        .order_by()
    }
    return [
        {
            "kind": kind.value,
            "label": kind.label,
            "rows": [
                {
                    "regime": regime.value,
                    "label": regime.label,
                    "cells": [
                        {
                            "language": code,
                            "name": name,
                            "version": newest.get((kind, regime, code)),
                        }
                        for code, name in LANGUAGES
                    ],
                }
                for regime in Regime
            ],
        }
        for kind in Kind
    ]
