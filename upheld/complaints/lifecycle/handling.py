"""ISO 10002 7.5 assessment, 5.3 assignment, 7.6 investigation, 8.2 classification,
7.3 correspondence."""

from email.utils import parseaddr

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.notify import notices
from upheld.organisation import training

from .. import correspondence, events, files, permissions
from ..errors import InvalidInput, fmt
from ..intake_rules import PRODUCT_MAX_LENGTH
from ..models import (
    ASSESSMENT_SCALES,
    Category,
    ClosureReason,
    Complaint,
    EventKind,
    Triage,
)
from ..priority import compute_priority
from . import alerts, timing
from ._machine import S, _locked
from .complainant import tell_staff
from .ways import write

# ---------------------------------------------------------------- clause 3: triage


def triage(
    complaint, *, by, is_complaint: bool, reason: str, device_deficiency: bool | None = None
) -> Complaint:
    """Decide whether what came in is a complaint (ISO 10002 clause 3, DISP: an expression
    of dissatisfaction where a response is expected, *whether justified or not*) or other
    feedback (a compliment, a suggestion, a question), which leaves the complaints process:
    it is closed as `not_a_complaint`, and can be reopened. Whether it is justified is for
    the investigation, never a reason here. The reason and the decider are kept in the trail;
    for other feedback the reason is also sent to its sender, so write it for them.
    `device_deficiency` records, for medical devices (FDA 820.198), whether it alleges one."""
    errors = {}
    if not isinstance(is_complaint, bool):
        errors["is_complaint"] = _("Say whether it is a complaint: true or false.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the triage decision.")
    if device_deficiency is not None and not isinstance(device_deficiency, bool):
        errors["device_deficiency"] = _("Say true, false, or leave it out.")
    if errors:
        raise InvalidInput(errors)
    with _locked(complaint, "triage", by) as (c, actor):
        c.triage = Triage.COMPLAINT if is_complaint else Triage.NOT_A_COMPLAINT
        if device_deficiency is not None:
            c.device_deficiency = device_deficiency
        if not is_complaint:
            c.status, c.closure_reason, c.closed_at = (
                S.CLOSED,
                ClosureReason.NOT_A_COMPLAINT,
                timezone.now(),
            )
        c.save()
        events.append(
            c,
            EventKind.TRIAGED,
            actor,
            {
                "is_complaint": is_complaint,
                "reason": reason.strip(),
                "device_deficiency": c.device_deficiency,
            },
            public=not is_complaint,
        )
        if not is_complaint:  # clause 3: told why, and how to make it a complaint
            write(c, "not_a_complaint", context={"reason": reason.strip()})
    return c


# ---------------------------------------------------------------- 7.5 initial assessment


def assess(
    complaint,
    *,
    by,
    severity: int,
    safety_implication: bool,
    complexity: int,
    impact: int,
    immediate_action_needed: bool,
    note: str = "",
    product: str = "",
    remedy_sought: str = "",
) -> Complaint:
    """ISO 10002 7.5: assess severity, safety, complexity, impact and the need for
    immediate action; the priority follows from them. A complaint that came without the
    product or service and the remedy sought (an e-mail, an import) gets them here (7.2,
    capability 9): the assessor asks the complainant, or writes "not stated"."""
    errors = {}
    product, remedy_sought = (product or "").strip(), (remedy_sought or "").strip()
    if len(product) > PRODUCT_MAX_LENGTH:
        errors["product"] = fmt(_("Use at most {limit} characters."), limit=PRODUCT_MAX_LENGTH)
    given = {"severity": severity, "complexity": complexity, "impact": impact}
    for name, top in ASSESSMENT_SCALES.items():
        value = given[name]
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= top:
            errors[name] = fmt(_("Give a whole number from 1 to {top}."), top=top)
    if errors:
        raise InvalidInput(errors)
    with _locked(complaint, "assess", by) as (c, actor):
        completed, problems = {}, {}
        for name, given_text, label in (
            ("product", product, _("The product or service")),
            ("remedy_sought", remedy_sought, _("The remedy sought")),
        ):
            if given_text and getattr(c, name):
                if given_text != getattr(c, name):
                    problems[name] = fmt(
                        _(
                            "{label} is already recorded as the complainant stated it; the "
                            "assessment does not change it."
                        ),
                        label=label,
                    )
            elif given_text:
                completed[name] = given_text
            elif not getattr(c, name):
                problems[name] = fmt(
                    _('{label} is not recorded yet: ask the complainant, or write "not stated".'),
                    label=label,
                )
        if problems:
            raise InvalidInput(problems)
        for name, text in completed.items():
            setattr(c, name, text)
        c.severity, c.complexity, c.impact = severity, complexity, impact
        c.safety_implication = bool(safety_implication)
        c.immediate_action_needed = bool(immediate_action_needed)
        c.priority = compute_priority(
            severity, bool(safety_implication), complexity, impact, bool(immediate_action_needed)
        )
        first = c.assessed_at is None
        c.assessed_at = c.assessed_at or timezone.now()
        if c.status in (S.RECEIVED, S.ACKNOWLEDGED):
            c.status = S.ASSESSED
        # Assessing it is treating it as a complaint: the triage decision, by the assessor.
        triaged_now = not c.triage
        c.triage = c.triage or Triage.COMPLAINT
        c.save()
        events.append(
            c,
            EventKind.ASSESSED if first else "reassessed",
            actor,
            {
                "severity": severity,
                "safety_implication": c.safety_implication,
                "complexity": complexity,
                "impact": impact,
                "immediate_action_needed": c.immediate_action_needed,
                "priority": c.priority,
                "note": note,
                **({"triage": Triage.COMPLAINT.value} if triaged_now else {}),
                **completed,
            },
        )
        alerts.tell_top_management(c, actor)
    return c


def assign(complaint, *, by, assignee, note: str = "") -> Complaint:
    """ISO 10002 5.3 / 4.5: give the complaint to a handler who is not involved in it."""
    if assignee is None:
        raise InvalidInput({"assignee": _("Name the person to assign.")})
    with _locked(complaint, "assign", by) as (c, actor):
        if not (assignee.is_active and assignee.has_perm(permissions.HANDLE)):
            raise InvalidInput(
                {
                    "assignee": fmt(
                        _("{assignee} has no complaint-handling role."), assignee=assignee
                    )
                }
            )
        permissions.require_impartial(assignee, c, "be assigned to")
        untrained, refused = training.shortfall(assignee, on=timezone.localdate())
        if refused:
            raise InvalidInput(
                {
                    "assignee": fmt(
                        _("{assignee} lacks the training their role requires: {courses}."),
                        assignee=assignee,
                        courses=", ".join(untrained),
                    )
                }
            )
        previous = c.assignee
        c.assignee = assignee
        c.save(update_fields=["assignee"])
        events.append(
            c,
            EventKind.ASSIGNED,
            actor,
            {
                "assignee": assignee.get_username(),
                "previous": previous.get_username() if previous else None,
                "note": note,
                **({"training_missing": untrained} if untrained else {}),
            },
        )
        if assignee.pk != getattr(actor.user, "pk", None):  # 5.3: the handler is told
            notices.tell([assignee], "assigned", complaint=c)  # the note stays in the trail
    return c


# ---------------------------------------------------------------- classification and edits


def classify(
    complaint,
    *,
    by,
    category: Category | int | None = None,
    cause: int | None = None,
    fca_product: int | None = None,
    fca_cause: int | None = None,
) -> Complaint:
    """ISO 10002 8.2: classify the complaint in the organisation's taxonomy (its category)
    and on the other dimensions of analysis: a root cause, and the FCA product group and
    cause (DISP 1 Annex 1R), each a term in use of its versioned taxonomy. Only the
    dimensions given change; at least one must be."""
    from upheld.taxonomy.models import Dimension, Term

    cat = None
    if category is not None:
        cat = (
            category
            if isinstance(category, Category)
            else Category.objects.filter(pk=category, active=True).first()
        )
        if cat is None or not cat.active:
            raise InvalidInput({"category": _("Choose a category that is in use.")})
    terms: dict[str, Term] = {}
    given = {Dimension.CAUSE: cause, Dimension.FCA_PRODUCT: fca_product}
    given[Dimension.FCA_CAUSE] = fca_cause
    for dimension, term_id in given.items():
        if term_id is None:
            continue
        term = (
            Term.objects.select_related("taxonomy")
            .filter(pk=term_id, active=True, taxonomy__dimension=dimension)
            .first()
        )
        if term is None:
            raise InvalidInput(
                {str(dimension): _("Choose a term in use of this dimension's taxonomy.")}
            )
        terms[str(dimension)] = term
    if cat is None and not terms:
        raise InvalidInput({"category": _("Choose a category that is in use.")})
    with _locked(complaint, "classify", by) as (c, actor):
        data: dict = {}
        fields = []
        if cat is not None:
            previous = str(c.category) if c.category_id else None
            c.category = cat
            fields.append("category")
            data.update(category_id=cat.pk, category=str(cat), previous=previous)
        for name, term in terms.items():
            setattr(c, name, term)
            fields.append(name)
            data[name] = {"id": term.pk, "code": term.code, "version": term.taxonomy.version}
        c.save(update_fields=fields)
        events.append(c, EventKind.CLASSIFIED, actor, data)
    return c


# ---------------------------------------------------------------- correspondence


def add_correspondence(
    complaint,
    *,
    by,
    direction: str = "in",
    channel: str = "email",
    sender: str = "",
    subject: str = "",
    body: str = "",
    attachments=(),
    external_id: str = "",
) -> Complaint:
    """ISO 10002 7.3 / 7.8: keep a message about the complaint, in or out, with its files.
    Accepted in every state — a complainant writing after closure is still heard.

    A message Upheld takes in by itself (e-mail) from an address that is neither the
    complainant's nor their representative's is kept, but internal (4.7): references are
    easy to guess, so a stranger's message must not show on the complainant's page as
    theirs. The trail says whether the sender was a party."""
    from ..models import Correspondence

    if direction not in ("in", "out"):
        raise InvalidInput({"direction": _("Use 'in' or 'out'.")})
    if not (body or "").strip() and not attachments:
        raise InvalidInput({"body": _("Give the text of the message or attach a file.")})
    with files.kept_only_if_recorded(), _locked(complaint, "add_correspondence", by) as (c, actor):
        if direction == "out" and not actor.is_staff_user:
            raise permissions.NotPermitted("Only staff record messages sent to complainants.")
        item = Correspondence.objects.create(
            complaint=c,
            direction=direction,
            channel=channel,
            sender=sender[:300],
            subject=subject[:300],
            body=body,
            external_id=external_id[:300],
            at=timezone.now(),
        )
        stored = files.store(c, attachments, correspondence=item)
        if direction == "in" and channel in correspondence.INBOUND:
            correspondence.keep_inbound(c, channel=channel, item=item, by=actor.user, scans=stored)
        from_party = actor.kind != "system" or _is_a_party(c, sender)
        # The complainant wrote (portal, e-mail): whoever works the complaint is told.
        answered = direction == "in" and from_party and actor.kind != "staff"
        told = tell_staff(c, "complainant_wrote") if answered else []
        events.append(
            c,
            EventKind(f"correspondence_{direction}"),
            actor,
            {
                "correspondence_id": item.pk,
                "channel": channel,
                "sender": sender,
                "subject": subject,
                "attachments": stored,
                "from_party": from_party,
                **({"told": [p.pk for p in told]} if answered else {}),
            },
            public=from_party,
        )
        # The one rule of the answer (7.6): what the complainant sends while we wait for
        # them — through the portal, by e-mail, or by letter or telephone as staff record
        # it — is their answer: handling goes on and the paused clocks run again, as if a
        # handler had resumed it.
        by_post_or_phone = actor.kind == "staff" and channel in correspondence.INBOUND
        if (answered or (direction == "in" and by_post_or_phone)) and (
            c.status == S.AWAITING_COMPLAINANT
        ):
            c.status, c.paused_from = c.paused_from or S.INVESTIGATING, ""
            c.save(update_fields=["paused_from", "status"])
            events.append(c, EventKind.RESUMED, actor, {"note": "", "answered": True})
            timing.after_move(c, "resume")
    return c


def _is_a_party(complaint: Complaint, sender: str) -> bool:
    address = parseaddr(sender)[1].strip().lower()
    parties = [complaint.complainant, complaint.representative]
    return bool(address) and any(
        p is not None and p.email.strip().lower() == address for p in parties
    )
