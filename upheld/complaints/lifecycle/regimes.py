"""The moves of the regimes (capability 56): choosing the regime a complaint is handled
under, the FCA's holding response (DISP 1.6.2R(2), 1.6.2AR) and the FDA's MDR
reportability evaluation and reports (21 CFR 820.198(a)(3), (d); Part 803). Their effect on
the clocks comes from the rules (deadlines), applied by _locked like every move's."""

from datetime import date, datetime, time

from django.utils.translation import gettext_lazy as _

from upheld.deadlines.clocks import calendar_for
from upheld.deadlines.regimes import Regime

from .. import correspondence, events
from ..errors import InvalidInput, Text, fmt
from ..models import Complaint, EventKind
from ._machine import _locked
from .ways import written_way

MDR_EVENTS = ("death", "serious_injury", "malfunction")
MDR_REPORTS = ("30_day", "5_day", "supplemental")


def choose_regime(complaint, *, by, regime: str, reason: str) -> Complaint:
    """Capability 56: the regime the complaint is handled under, chosen at triage or
    assessment (ISO 10002 until then). A change is recorded with its reason; the old
    regime's running clocks stop and the new one's start as if it had applied from receipt
    (deadlines/clocks.py), so the FCA's eight weeks still count from receipt."""
    errors: dict[str, Text] = {}
    if regime not in Regime.values:
        errors["regime"] = fmt(_("Choose one of: {choices}."), choices=", ".join(Regime.values))
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the regime.")
    if errors:
        raise InvalidInput(errors)
    with _locked(complaint, "choose_regime", by) as (c, actor):
        if c.regime == regime:
            raise InvalidInput({"regime": _("The complaint is already handled under it.")})
        before, c.regime = c.regime, regime
        c.save(update_fields=["regime"])
        events.append(
            c,
            EventKind.REGIME_CHOSEN,
            actor,
            {"from_regime": before, "regime": regime, "reason": reason.strip()},
        )
    return c


def send_holding_response(complaint, *, by, reason: str, expected_by: date) -> Complaint:
    """FCA DISP 1.6.2R(2), 1.6.2AR: the final response is not ready by the limit; the
    complainant is told why, when it is expected, and (in the letter) that they may now go
    to the ombudsman. It meets the eight-week (or 15-business-day) clock; under payment
    services it starts the 35-business-day one."""
    errors: dict[str, Text] = {}
    if not (reason or "").strip():
        errors["reason"] = _("Say why the final response is not ready yet.")
    if not isinstance(expected_by, date):
        errors["expected_by"] = _("Give the date the final response is expected by.")
    if errors:
        raise InvalidInput(errors)
    with _locked(complaint, "send_holding_response", by) as (c, actor):
        if expected_by < calendar_for(c).local_date(c.received_at):
            raise InvalidInput({"expected_by": _("The date is before the complaint came in.")})
        way = written_way(c.complainant)
        if not way:
            raise InvalidInput(
                {
                    "complainant": fmt(
                        _(
                            "The complainant of {reference} has no e-mail or postal address: "
                            "a holding response is in writing. Record an address first."
                        ),
                        reference=c.reference,
                    )
                }
            )
        data = {"reason": reason.strip(), "expected_by": expected_by.isoformat()}
        # Checked before anything changes: why, by when, the ombudsman (DISP 1.6.2R(2)).
        correspondence.send(c, "holding_response", way=way, context=data, by=actor.user)
        events.append(c, EventKind.HOLDING_RESPONSE_SENT, actor, {**data, "way": way}, public=True)
    return c


def evaluate_reportability(
    complaint,
    *,
    by,
    reportable: bool,
    rationale: str,
    aware_on: date,
    event: str = "",
    remedial_action: bool = False,
    fda_requested: bool = False,
    supplemental: bool = False,
) -> Complaint:
    """21 CFR 820.198(a)(3), (d); 803.50, 803.53, 803.56: whether the complaint is an MDR
    reportable event (a death, a serious injury or a malfunction), decided and reasoned
    by a named person. A reportable one starts the report's clock from the day the firm
    became aware: 30 calendar days, or 5 work days where remedial action is needed to
    prevent an unreasonable risk of substantial harm or FDA asked in writing; new
    information on one already reported starts a supplemental report's 30 days."""
    errors: dict[str, Text] = {}
    if not isinstance(reportable, bool):
        errors["reportable"] = _("Say true or false.")
    if not (rationale or "").strip():
        errors["rationale"] = _("Give the rationale for the evaluation.")
    if not isinstance(aware_on, date):
        errors["aware_on"] = _("Give the date the organisation became aware.")
    if reportable is True and event not in MDR_EVENTS:
        errors["event"] = fmt(_("Choose one of: {choices}."), choices=", ".join(MDR_EVENTS))
    if errors:
        raise InvalidInput(errors)
    with _locked(complaint, "evaluate_reportability", by) as (c, actor):
        cal = calendar_for(c)
        if aware_on > cal.local_date(datetime.now(tz=cal.zone())):
            raise InvalidInput({"aware_on": _("The date is in the future.")})
        if supplemental and not c.mdr_reportable:
            raise InvalidInput(
                {"supplemental": _("A supplemental report follows a reportable evaluation.")}
            )
        c.mdr_reportable = reportable
        if reportable and not supplemental:
            c.mdr_aware_on = aware_on
        c.save(update_fields=["mdr_reportable", "mdr_aware_on"])
        five_day = reportable and (remedial_action or fda_requested)
        setattr(  # noqa: B010 — read by timing.after_move when _locked ends
            c,
            "_clock_facts",
            {
                "mdr_30_day": reportable and not five_day and not supplemental,
                "mdr_5_day": five_day and not supplemental,
                "mdr_supplemental": reportable and supplemental,
                "given": datetime.combine(aware_on, time(0), tzinfo=cal.zone()),
            },
        )
        events.append(
            c,
            EventKind.REPORTABILITY_EVALUATED,
            actor,
            {
                "reportable": reportable,
                "event": event if reportable else "",
                "aware_on": aware_on.isoformat(),
                "remedial_action": remedial_action,
                "fda_requested": fda_requested,
                "supplemental": supplemental,
                "rationale": rationale.strip(),
            },
        )
    return c


def record_mdr_report(
    complaint, *, by, report: str, submitted_on: date, report_number: str = ""
) -> Complaint:
    """21 CFR 803.50–803.56: an MDR report was submitted to FDA (the 30-day, the 5-day or a
    supplemental one); it stops that report's clock."""
    errors: dict[str, Text] = {}
    if report not in MDR_REPORTS:
        errors["report"] = fmt(_("Choose one of: {choices}."), choices=", ".join(MDR_REPORTS))
    if not isinstance(submitted_on, date):
        errors["submitted_on"] = _("Give the date it was submitted.")
    if errors:
        raise InvalidInput(errors)
    with _locked(complaint, "record_mdr_report", by) as (c, actor):
        if not c.mdr_reportable:
            raise InvalidInput({"report": _("The complaint was not evaluated as reportable.")})
        setattr(c, "_clock_facts", {"variant": report})  # noqa: B010 — stops that report's clock
        events.append(
            c,
            EventKind.MDR_REPORT_RECORDED,
            actor,
            {
                "report": report,
                "submitted_on": submitted_on.isoformat(),
                "report_number": report_number.strip(),
            },
        )
    return c
