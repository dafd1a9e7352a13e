"""The survey's results, for the desk (one complaint) and for analysis (issue 13: response
rate, scores per question, per team, channel and outcome). Aggregates are computed in the
database, a fixed number of queries whatever the number of answers.

`results(since, until)` is the reading other apps use; `rows(since, until)` gives the
answers one per row (values only, no personal data but the free text) for exports and
charts of their own."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Avg, Count, Q, QuerySet

from .models import QUESTIONS, Invitation, Response


@dataclass(frozen=True)
class Scores:
    invited: int
    answered: int
    # Mean score (1–5) per question; None when nobody answered.
    means: dict[str, float | None]

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True)
class Results:
    overall: Scores
    # How many answered each score (1–5), per question.
    distribution: dict[str, dict[int, int]]
    by_team: dict[int | None, Scores] = field(default_factory=dict)
    by_channel: dict[str, Scores] = field(default_factory=dict)
    by_outcome: dict[str, Scores] = field(default_factory=dict)


def _invitations(since: datetime | None, until: datetime | None) -> QuerySet[Invitation]:
    qs = Invitation.objects.all()
    if since is not None:
        qs = qs.filter(invited_at__gte=since)
    if until is not None:
        qs = qs.filter(invited_at__lt=until)
    return qs


def _aggregates() -> dict:
    return {
        "invited": Count("pk"),
        "answered": Count("response"),
        **{f"mean_{name}": Avg(f"response__{name}") for name in QUESTIONS},
    }


def _scores(row: dict) -> Scores:
    return Scores(
        invited=row["invited"],
        answered=row["answered"],
        means={
            name: (
                round(float(row[f"mean_{name}"]), 2) if row[f"mean_{name}"] is not None else None
            )
            for name in QUESTIONS
        },
    )


def _grouped(qs: QuerySet[Invitation], column: str) -> dict:
    rows = qs.values(column).annotate(**_aggregates()).order_by(column)
    return {row[column]: _scores(row) for row in rows}


def results(since: datetime | None = None, until: datetime | None = None) -> Results:
    """ISO 10002 8.3: the survey's figures for invitations sent in [since, until). Five
    queries."""
    qs = _invitations(since, until)
    overall = _scores(qs.aggregate(**_aggregates()))
    answers = Response.objects.filter(invitation__in=qs)
    counts = answers.aggregate(
        **{
            f"{name}_{score}": Count("pk", filter=Q(**{name: score}))
            for name in QUESTIONS
            for score in range(1, 6)
        }
    )
    distribution = {
        name: {score: counts[f"{name}_{score}"] for score in range(1, 6)} for name in QUESTIONS
    }
    return Results(
        overall=overall,
        distribution=distribution,
        by_team=_grouped(qs, "team_id"),
        by_channel=_grouped(qs, "complaint_channel"),
        by_outcome=_grouped(qs, "outcome"),
    )


def rows(since: datetime | None = None, until: datetime | None = None):
    """One dict per invitation: when, team, channel, outcome, closure reason, and the
    answers (None when not answered)."""
    return (
        _invitations(since, until)
        .order_by("invited_at", "pk")
        .values(
            "complaint_id",
            "invited_at",
            "reminded_at",
            "team_id",
            "complaint_channel",
            "outcome",
            "closure_reason",
            "response__answered_at",
            *(f"response__{name}" for name in QUESTIONS),
            "response__comment",
        )
    )


def for_complaint(complaint) -> Invitation | None:
    """The complaint's invitation with its answers, for its desk page (one query)."""
    return Invitation.objects.filter(complaint=complaint).select_related("response").first()


def desk_panel(complaint) -> dict:
    """What the complaint's desk page shows of its survey (one query): the invitation, and
    each question with its score once answered."""
    invitation = for_complaint(complaint)
    answers = getattr(invitation, "response", None) if invitation is not None else None
    scores = (
        [(QUESTIONS[name], score) for name, score in answers.scores().items()] if answers else []
    )
    return {"survey": invitation, "survey_scores": scores}
