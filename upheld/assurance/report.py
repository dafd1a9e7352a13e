"""The audit report as a PDF (ISO 10002 8.5), through the renderer of the letters and the
management-review pack (Typst; every value given as data, never as markup): the plan and
scope, the sample and how to draw it again, the checklist clause by clause, the findings
and the conclusion."""

from django.utils.translation import gettext as _

from upheld.insight.pack import render, section

from . import selectors
from .clauses import title
from .models import Answer, Audit


def _answer(value: str) -> str:
    return str(Answer(value).label) if value in Answer.values else "–"


def _action(finding) -> str:
    a = finding.action
    if a is None:
        return "–"
    return f"{a.what} · {a.owner.get_username()} · {a.due.isoformat()} · {a.get_state_display()}"


def audit_report(audit: Audit, fmt: str = "pdf") -> bytes:
    plan = audit.plan
    sample, _more = selectors.sample_page(audit, size=10_000)
    checklist = selectors.checklist(audit)
    findings = selectors.findings_of(audit)
    period = f"{plan.period_start.isoformat()} – {plan.period_end.isoformat()}"
    redraw = (
        f"upheld audit-sample --from {plan.period_start} --to {plan.period_end} "
        f"--size {audit.sample_size} --seed {audit.seed} --auditor {audit.auditor.get_username()}"
    )
    rows = []
    for c in checklist:
        whole = c.whole
        rows.append([
            title(c.clause), _("the clause as a whole"),
            _answer(whole.procedure) if whole else "–", _answer(whole.objectives) if whole else "–",
            whole.note if whole else _("not answered"),
        ])  # fmt: skip
        rows += [
            [
                title(c.clause),
                a.complaint.reference,
                _answer(a.procedure),
                _answer(a.objectives),
                a.note,
            ]  # fmt: skip
            for a in c.per_complaint
        ]
    sections = [
        section(
            _("The audit"),
            items=[
                f"{_('Plan')}: {plan.title}",
                f"{_('Scope')}: {plan.scope}",
                f"{_('Auditor')}: {audit.auditor.get_username()}",
                f"{_('Date of the audit')}: {audit.planned_on.isoformat()}",
                f"{_('Clauses')}: {', '.join(title(c) for c in audit.clauses)}",
                f"{_('State')}: {audit.get_state_display()}",
            ],
        ),
        section(
            _("The sample"),
            paragraphs=[
                _(
                    "{n} complaints received in the period, drawn at random in proportion to "
                    "each channel, outcome and team, none the auditor handled, decided or was "
                    "involved in, nor of their teams. The same sample is drawn again by:"
                ).format(n=len(sample)),
                redraw,
            ],
            tables=[
                {
                    "header": ["#", _("Complaint"), _("Channel"), _("Outcome"), _("Team")],
                    "rows": [
                        [s.position, s.complaint.reference, s.channel, s.outcome, s.team]
                        for s in sample
                    ],
                }
            ],
        ),
        section(
            _("The checklist"),
            tables=[
                {
                    "header": [
                        _("Clause"),
                        _("Complaint"),
                        _("Procedure followed"),
                        _("Objectives met"),
                        _("Note"),
                    ],  # fmt: skip
                    "rows": rows,
                }
            ],
        ),
        section(
            _("Findings"),
            tables=[
                {
                    "header": [_("Kind"), _("Clause"), _("Finding"), _("Complaints"), _("Action")],
                    "rows": [
                        [
                            f.get_kind_display(),
                            title(f.clause),
                            f.statement,
                            ", ".join(c.reference for c in f.complaints.all()),
                        ]  # fmt: skip
                        for f in findings
                    ],
                }
            ]
            if findings
            else [],
            paragraphs=[] if findings else [_("No finding was recorded.")],
        ),
        section(
            _("Conclusion"),
            paragraphs=[audit.conclusion or _("The audit is not reported yet.")],
        ),
    ]
    return render(_("Internal audit report"), period, sections, fmt=fmt)
