"""The management-review pack as it is frozen when a review is held (ISO 10002 8.6): the
monitoring pack of upheld.insight, with the inputs this app and upheld.improve hold — the
results of the audits of the period (8.5), the external bodies' decisions with the share
against the organisation (the overturn rate), and what became of the previous review's
decisions."""

from datetime import date

from django.utils.translation import gettext as _

from upheld.improve.selectors import overturn_rates
from upheld.insight.pack import management_review, section
from upheld.insight.reports import period

from . import selectors
from .clauses import title
from .models import FindingKind


def audit_section(start: date, end: date) -> dict:
    results = selectors.audit_results(start, end)
    if not results:
        return section(
            _("Audit results (ISO 10002 8.5)"),
            paragraphs=[_("No audit of the period has been reported.")],
        )
    kinds = [FindingKind(k).label for k in FindingKind.values]
    return section(
        _("Audit results (ISO 10002 8.5)"),
        tables=[
            {
                "header": [_("Audit"), _("Auditor"), _("Sample"), *kinds],
                "rows": [
                    [
                        f"{r.audit.plan.title} · {r.audit.planned_on.isoformat()}",
                        r.audit.auditor.get_username(),
                        r.audit.sample_size,
                        *r.findings.values(),
                    ]
                    for r in results
                ],
            }
        ],
        items=[
            f"{f.get_kind_display()} ({title(f.clause)}): {f.statement}"
            for r in results
            for f in r.statements
        ][:40],
    )


def _share(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f} %"


def external_section(start: date, end: date) -> dict:
    """What the external bodies decided in the period and the share against the
    organisation (the ombudsman's overturn rate: ISO 10002 8.6 inputs, DISP 1.3.2AG)."""
    heading = _("External bodies' decisions and the overturn rate (ISO 10002 8.6)")
    total, bodies = overturn_rates(start, end, by="body")
    if not total.total:
        return section(
            heading, paragraphs=[_("No external body's decision of the period is recorded.")]
        )
    return section(
        heading,
        paragraphs=[
            _("{against} of {total} decisions went against the organisation: {share}.").format(
                against=total.against, total=total.total, share=_share(total.rate)
            )
        ],
        tables=[
            {
                "header": [
                    _("External body"),
                    _("Decisions"),
                    _("Against the organisation"),
                    _("Overturn rate"),
                ],
                "rows": [[b.name, b.total, b.against, _share(b.rate)] for b in bodies],
            }
        ],
    )


def follow_up_section(before: date) -> dict:
    previous = selectors.previous_review(before)
    heading = _("Follow-up of the previous review (ISO 10002 8.6)")
    if previous is None:
        return section(heading, paragraphs=[_("No earlier management review is recorded.")])
    rows = selectors.decisions_of(previous)
    return section(
        heading,
        paragraphs=[
            _("The review held on {day} for {start} – {end} decided:").format(
                day=previous.held_on.isoformat(),
                start=previous.period_start.isoformat(),
                end=previous.period_end.isoformat(),
            )
        ],
        tables=[
            {
                "header": [_("Decision"), _("On"), _("Owner"), _("Due"), _("What became of it")],
                "rows": [
                    [
                        r.decision.what,
                        r.decision.get_topic_display(),
                        r.owner,
                        r.due,
                        r.state + (f" ({_('overdue')})" if r.overdue else ""),
                    ]
                    for r in rows
                ],
            }
        ]
        if rows
        else [],
        items=[] if rows else [_("It recorded no decision.")],
    )


def review_pack(start: date, end: date, held_on: date | None = None, fmt: str = "pdf") -> bytes:
    """The pack of a review of `start`–`end` (days, inclusive) held on `held_on`."""
    inputs = [
        audit_section(start, end),
        external_section(start, end),
        follow_up_section(held_on or date.max),
    ]
    return management_review(*period(start, end), fmt=fmt, inputs=inputs)
