"""Root cause analysis (ISO 10002 8.7; capability row 46; DISP 1.3.3R): opened on one or
many complaints — from a problem the monitoring flagged (insight.trends) or chosen on the
desk —, worked with a method and its notes, and concluded with the cause (a term of the
taxonomy's cause dimension) and the answer to "could this cause affect other products,
services or processes?". Corrective and preventive actions are raised from it (capa.py)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import InvalidInput, fmt
from upheld.complaints.models import Complaint
from upheld.complaints.visibility import rule
from upheld.taxonomy.models import Dimension, Term

from .. import access
from ..models import Method, RootCause, RootCauseState
from .common import NotNow, person, refuse, step, text

MAX_COMPLAINTS = 500


def _complaints(by, references) -> list[Complaint]:
    """The complaints named, each one `by` may read (an unknown or hidden one is named)."""
    refs = [r.strip() for r in references or [] if isinstance(r, str) and r.strip()]
    refs = list(dict.fromkeys(refs))
    if not refs:
        raise InvalidInput({"complaints": _("Name at least one complaint by its reference.")})
    if len(refs) > MAX_COMPLAINTS:
        raise InvalidInput(
            {"complaints": fmt(_("Name at most {limit} complaints."), limit=MAX_COMPLAINTS)}
        )
    where = rule(by) if by is not None else None
    qs = Complaint.objects.filter(reference__in=refs)
    if by is not None:
        qs = qs.filter(where) if where is not None else qs.none()
    found = {c.reference: c for c in qs.only("pk", "reference")}
    unknown = [r for r in refs if r not in found]
    if unknown:
        raise InvalidInput(
            {
                "complaints": fmt(
                    _("No complaint you may read has the reference {refs}."),
                    refs=", ".join(unknown[:5]),
                )
            }
        )
    return [found[r] for r in refs]


def _cause(term, field: str = "cause") -> Term:
    if isinstance(term, int | str) and str(term).isdigit():
        term = Term.objects.filter(pk=int(term)).select_related("taxonomy").first()
    if not isinstance(term, Term) or term.taxonomy.dimension != Dimension.CAUSE:
        raise InvalidInput({field: _("Choose a term of the cause taxonomy.")})
    return term


def open_root_cause(
    *,
    by,
    title: str,
    complaints,
    owner,
    method: str = Method.FIVE_WHYS,
    flagged_kind: str = "",
    flagged_from: date | None = None,
    flagged_until: date | None = None,
    cause=None,
) -> RootCause:
    """Open an analysis on the complaints with these references (from a flagged problem:
    its kind, recurring or systemic, and its window are kept)."""
    if not access.may_manage(by):
        raise refuse(_("Only the complaints manager may open a root cause analysis."))
    errors: dict = {}
    values: dict = {}
    checks = {
        "title": lambda: text(title, "title", limit=200),
        "complaints": lambda: _complaints(by, complaints),
        "owner": lambda: person(owner, "owner"),
        "cause": lambda: _cause(cause) if cause not in (None, "") else None,
    }
    for field, check in checks.items():
        try:
            values[field] = check()
        except InvalidInput as e:
            errors.update(e.errors)
    if method not in Method.values:
        errors["method"] = [_("Choose 5 whys, fishbone or other.")]
    if flagged_kind not in ("", "recurring", "systemic"):
        errors["flagged_kind"] = [_("Choose recurring or systemic.")]
    if errors:
        raise InvalidInput(errors)
    linked = values.pop("complaints")
    with transaction.atomic():
        rc = RootCause.objects.create(
            **values,
            method=method,
            flagged_kind=flagged_kind,
            flagged_from=flagged_from,
            flagged_until=flagged_until,
            opened_by=by,
            opened_at=timezone.now(),
        )
        rc.complaints.add(*linked)
        step(
            "root_cause",
            rc.pk,
            "opened",
            by,
            {"complaints": [c.reference for c in linked], "flagged": flagged_kind},
        )
    return rc


def problem_title(kind: str, name: str) -> str:
    """The title an analysis of a flagged problem starts with, in the active language."""
    words = _("Systemic problem: {name}") if kind == "systemic" else _("Recurring problem: {name}")
    return str(fmt(words, name=name))[:200]


def open_from_problem(*, by, problem, start: date, end: date, owner) -> RootCause:
    """Open an analysis on a problem the monitoring flagged (insight.trends.Problem): its
    complaints, and its cause when the problem is one of the cause dimension."""
    cause = problem.key if problem.dimension == "cause" else None
    words = (
        _("Systemic problem: {name}")
        if problem.kind == "systemic"
        else _("Recurring problem: {name}")
    )
    title = fmt(words, name=problem.name)
    return open_root_cause(
        by=by,
        title=str(title)[:200],
        complaints=problem.references,
        owner=owner,
        flagged_kind=problem.kind,
        flagged_from=start,
        flagged_until=end,
        cause=cause,
    )


def _locked(root_cause) -> RootCause:
    pk = root_cause.pk if isinstance(root_cause, RootCause) else root_cause
    found = RootCause.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise InvalidInput({"root_cause": _("No such root cause analysis.")})
    return found


def record_analysis(
    root_cause, *, by, method: str, notes: str, cause=None, affects_others=None, affects_which=""
) -> RootCause:
    """Record the method, its notes, the cause found and whether it could affect others."""
    if not access.may_manage(by):
        raise refuse(_("Only the complaints manager may record the analysis."))
    errors: dict = {}
    if method not in Method.values:
        errors["method"] = [_("Choose 5 whys, fishbone or other.")]
    try:
        notes = text(notes, "notes", required=False, limit=20000)
    except InvalidInput as e:
        errors.update(e.errors)
    term = None
    if cause not in (None, ""):
        try:
            term = _cause(cause)
        except InvalidInput as e:
            errors.update(e.errors)
    if affects_others not in (None, True, False):
        errors["affects_others"] = [_("Answer yes or no.")]
    try:
        which = text(affects_which, "affects_which", required=bool(affects_others), limit=2000)
    except InvalidInput as e:
        errors.update(e.errors)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        rc = _locked(root_cause)
        if rc.state != RootCauseState.OPEN:
            raise NotNow(_("The analysis is concluded; it cannot be changed."))
        rc.method, rc.notes, rc.cause = method, notes, term
        rc.affects_others, rc.affects_which = affects_others, which if affects_others else ""
        rc.save(update_fields=["method", "notes", "cause", "affects_others", "affects_which"])
        step(
            "root_cause",
            rc.pk,
            "analysed",
            by,
            {
                "method": method,
                "cause": term.pk if term else None,
                "affects_others": affects_others,
            },
        )
    return rc


def conclude(root_cause, *, by) -> RootCause:
    """Conclude the analysis: refused until the cause is named and the question of other
    products, services or processes is answered."""
    if not access.may_manage(by):
        raise refuse(_("Only the complaints manager may conclude the analysis."))
    with transaction.atomic():
        rc = _locked(root_cause)
        if rc.state != RootCauseState.OPEN:
            raise NotNow(_("The analysis is concluded already."))
        errors = {}
        if rc.cause_id is None:
            errors["cause"] = _("Name the cause before concluding.")
        if rc.affects_others is None:
            errors["affects_others"] = _(
                "Answer whether this cause could affect other products, services or processes."
            )
        if errors:
            raise InvalidInput(errors)
        rc.state, rc.concluded_at = RootCauseState.CONCLUDED, timezone.now()
        rc.save(update_fields=["state", "concluded_at"])
        step("root_cause", rc.pk, "concluded", by, {"cause": rc.cause_id})
    return rc
