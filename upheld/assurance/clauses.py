"""The clauses of ISO 10002:2014 an audit of the complaints-handling process checks (8.5),
each with the two questions its checklist asks: was the procedure followed (conformity),
and are the objectives met (suitability)."""

from django.utils.translation import gettext_lazy as _

CLAUSES: dict[str, object] = {
    "4.2": _("4.2 Visibility"),
    "4.3": _("4.3 Accessibility"),
    "4.4": _("4.4 Responsiveness"),
    "4.5": _("4.5 Objectivity"),
    "4.7": _("4.7 Confidentiality"),
    "5.2": _("5.2 Policy"),
    "6.4": _("6.4 Resources (competence and training)"),
    "7.2": _("7.2 Receipt of complaint"),
    "7.3": _("7.3 Tracking of complaint"),
    "7.4": _("7.4 Acknowledgement of complaint"),
    "7.5": _("7.5 Initial assessment of complaint"),
    "7.6": _("7.6 Investigation of complaints"),
    "7.7": _("7.7 Response to complaint"),
    "7.8": _("7.8 Communicating the decision"),
    "7.9": _("7.9 Closing the complaint"),
    "8.1": _("8.1 Collection of information"),
    "8.2": _("8.2 Analysis and evaluation of complaints"),
    "8.3": _("8.3 Satisfaction with the complaints-handling process"),
    "8.4": _("8.4 Monitoring of the complaints-handling process"),
    "8.7": _("8.7 Continual improvement"),
}

QUESTIONS = {
    "procedure": _("Was the procedure followed?"),
    "objectives": _("Are the objectives met?"),
}


def title(clause: str) -> str:
    return str(CLAUSES.get(clause, clause))


def choices() -> list[tuple[str, object]]:
    return list(CLAUSES.items())
