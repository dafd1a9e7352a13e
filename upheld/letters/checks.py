"""What a letter must say before it may go (capability 28; ISO 10002 7.8; DISP 1.5.4R,
1.6.2R, Annex 3R). Checked on the final text, after any edit by the handler, so an edit
cannot drop what the regulator requires. Each missing element is named in the refusal."""

import re
from urllib.parse import urlsplit

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import InvalidInput, fmt

from .kinds import FCA_REGIMES, FINAL, Kind, private_link

SIX_MONTHS = {"en": ("six months", "6 months"), "es": ("seis meses", "6 meses")}
NEXT_STEPS = {"en": ("review",), "es": ("revisión", "revision")}
KEEPING_INFORMED = (
    Kind.PROGRESS_UPDATE,
    Kind.TRACKING_LINK,
    Kind.SURVEY_INVITATION,
    Kind.SURVEY_REMINDER,
)


class LetterRefused(InvalidInput):
    """The letter lacks what it must carry; `missing` names each element."""

    def __init__(self, missing: list):
        self.missing = missing
        super().__init__(
            {
                "body": fmt(
                    _("This letter cannot be sent. It is missing: {missing}."),
                    missing=format_lazy("; ".join(["{}"] * len(missing)), *missing),
                )
            }
        )


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _host(url: str) -> str:
    host = urlsplit(url if "//" in url else f"//{url}").netloc.lower()
    return host.removeprefix("www.")


def missing(
    *, kind: str, regime: str, language: str, text: str, facts: dict, leaflet: bool
) -> list:
    """What the letter lacks, in the reader's words; empty when it may go."""
    body = _norm(text)
    lang = language[:2] if language[:2] in SIX_MONTHS else "en"
    out: list = []
    decision = facts.get("decision") or {}
    if kind in (Kind.DECISION, Kind.REVIEW_OUTCOME):
        # ISO 10002 7.8: the decision's reasons and the next steps.
        reasons = _norm(decision.get("reasons", ""))
        if not reasons or reasons not in body:
            out.append(_("the reasons for the decision"))
        if not any(word in body for word in NEXT_STEPS[lang]):
            out.append(_("the next steps (internal review, external bodies)"))
    if kind == Kind.ACKNOWLEDGEMENT:
        out += _acknowledgement(body, regime, facts)
    elif kind == Kind.RECOURSE:
        out += _recourse(body, regime, lang, facts)
    elif kind == Kind.NOT_A_COMPLAINT and not _says(body, facts.get("reason")):
        out.append(_("why we read the message as other feedback"))
    elif kind in KEEPING_INFORMED:
        out += _keeping_informed(kind, body, facts)
    if regime in FCA_REGIMES and kind in (*FINAL, Kind.HOLDING_RESPONSE):
        fos = facts.get("fos")
        if not fos:
            out.append(_("the Financial Ombudsman Service among the external bodies"))
            return out
        if _norm(fos["name"]) not in body:
            out.append(_("the right to refer the complaint to the Financial Ombudsman Service"))
        if kind in FINAL:
            out += _fos_details(body, lang, fos)
            if _norm(facts.get("fos_waiver", "")) not in body or not facts.get("fos_waiver"):
                out.append(
                    _("whether we consent to waive the time limits (DISP 1 Annex 3R wording)")
                )
            if not leaflet:
                out.append(_("the ombudsman's explanatory leaflet, attached"))
        else:  # DISP 1.6.2R(2): a holding response
            if not (facts.get("reason") and _norm(facts["reason"]) in body):
                out.append(_("why we are not yet in a position to respond"))
            if not (facts.get("expected_by") and _norm(facts["expected_by"]) in body):
                out.append(_("when we expect to send the final response"))
    return out


def _says(body: str, value) -> bool:
    return bool(value) and _norm(str(value)) in body


def _fos_details(body: str, lang: str, fos: dict) -> list:
    """DISP 1.6.2R(1)(da), (e): the six months, the website, a way to contact it."""
    out = []
    if not any(phrase in body for phrase in SIX_MONTHS[lang]):
        out.append(_("the six-month time limit for referring to the ombudsman"))
    host = _host(fos.get("website", ""))
    if not host or host not in body:
        out.append(_("the ombudsman's website"))
    contact = [fos.get("phone", ""), *fos.get("address_lines", [])[1:2]]
    if not any(c and _norm(c) in body for c in contact):
        out.append(_("the ombudsman's contact details (telephone or address)"))
    return out


def _acknowledgement(body: str, regime: str, facts: dict) -> list:
    """ISO 10002 7.4 (capability 12); DISP 1.6.1R: the deadline; DISP 1.2.1R(3)(b): the
    complaints procedure and the ombudsman, given when acknowledging."""
    out = []
    if not _says(body, facts.get("reference")):
        out.append(_("the complaint's reference"))
    if facts.get("response_due_on") and not _says(body, facts["response_due_on"]):
        out.append(_("the date by which we will send our final response"))
    if facts.get("tracking_url") and not _says(body, facts["tracking_url"]):
        out.append(_("how to follow the complaint (the private link)"))
    if regime in FCA_REGIMES:
        if facts.get("procedure_url") and not _says(body, facts["procedure_url"]):
            out.append(_("where to read our complaints procedure (DISP 1.2.1R)"))
        fos = facts.get("fos")
        if not fos:
            out.append(_("the Financial Ombudsman Service among the external bodies"))
        elif not _says(body, fos["name"]) or _host(fos.get("website", "")) not in body:
            out.append(_("the Financial Ombudsman Service and its website (DISP 1.2.1R)"))
    return out


def _keeping_informed(kind: str, body: str, facts: dict) -> list:
    """ISO 10002 7.3, 8.3 (capability 15): a progress update, a new private link and the
    survey's letters name the complaint; an update says by when the final response comes
    (the date of the clock that sent it, else the complaint's); a link's letter carries it."""
    out = []
    if not _says(body, facts.get("reference")):
        out.append(_("the complaint's reference"))
    if kind == Kind.PROGRESS_UPDATE:
        due = facts.get("due_on") or facts.get("response_due_on")
        if due and not _says(body, due):
            out.append(_("the date by which we will send our final response"))
        return out
    _link, fact = private_link(kind)
    if facts.get(fact) and not _says(body, facts[fact]):
        if fact == "survey_url":
            out.append(_("the private link to the survey"))
        else:
            out.append(_("how to follow the complaint (the private link)"))
    return out


def _recourse(body: str, regime: str, lang: str, facts: dict) -> list:
    """ISO 10002 7.9 (capability 31): the internal review and every external body, with
    (FCA) the ombudsman's time limit, website and contact details."""
    out = []
    if not any(word in body for word in NEXT_STEPS[lang]):
        out.append(_("the internal review"))
    for other in facts.get("external_bodies", []):
        if not _says(body, other["name"]):
            out.append(fmt(_("the external body {name}"), name=other["name"]))
    if regime in FCA_REGIMES:
        fos = facts.get("fos")
        if not fos:
            out.append(_("the Financial Ombudsman Service among the external bodies"))
        else:
            out += _fos_details(body, lang, fos)
    return out


def require(**kwargs) -> None:
    found = missing(**kwargs)
    if found:
        raise LetterRefused(found)
