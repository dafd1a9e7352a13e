"""Satisfaction with the complaints-handling process (ISO 10002 8.3; ISO 10004): one
invitation per closed complaint, at most one answer, kept for analysis.

What the analysis groups by (the team that handled it, the channel it came by, its outcome)
is copied onto the invitation when it is sent: a later re-routing or reopening does not
move an answer from one group to another."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The questions (ISO 10004: the process, not only the outcome), each scored 1 to 5.
QUESTIONS = {
    "ease": _("How easy was it to make your complaint?"),
    "kept_informed": _("How well did we keep you informed?"),
    "time_taken": _("How satisfied are you with the time we took?"),
    "fairness": _("How fairly and respectfully were you treated?"),
    "understood_decision": _("How well did you understand our decision and its reasons?"),
    "overall": _("Overall, how satisfied are you with how we handled your complaint?"),
}
SCALE = range(1, 6)


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("letter")


class Invitation(models.Model):
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="survey_invitation"
    )
    # The hash of the survey link's secret (as the tracking link's: never the secret). The
    # reminder carries a new secret that replaces it.
    secret_hash = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=10)
    invited_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    # For analysis, as they were when it was sent.
    team = models.ForeignKey(
        "organisation.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    complaint_channel = models.CharField(max_length=16)
    outcome = models.CharField(max_length=24, blank=True)  # the decision in force's, or ""
    closure_reason = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["secret_hash"], name="survey_secret_idx"),
            models.Index(fields=["invited_at"], name="survey_invited_idx"),
        ]

    def __str__(self) -> str:
        return f"survey of complaint {self.complaint_id}"


def _score(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
        name=f"survey_{name}_on_scale",
    )


class Response(models.Model):
    """One complaint's answers: one row at most (the unique invitation)."""

    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="response")
    ease = models.PositiveSmallIntegerField(QUESTIONS["ease"])
    kept_informed = models.PositiveSmallIntegerField(QUESTIONS["kept_informed"])
    time_taken = models.PositiveSmallIntegerField(QUESTIONS["time_taken"])
    fairness = models.PositiveSmallIntegerField(QUESTIONS["fairness"])
    understood_decision = models.PositiveSmallIntegerField(QUESTIONS["understood_decision"])
    overall = models.PositiveSmallIntegerField(QUESTIONS["overall"])
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField()
    # Where it was answered: the invitation's link, or the tracking page.
    via = models.CharField(max_length=16)

    class Meta:
        constraints = [_score(name) for name in QUESTIONS]

    def __str__(self) -> str:
        return f"answers of invitation {self.invitation_id}"

    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in QUESTIONS}
