"""Teams of handlers with their managers (ISO 10002 5.3): who works which complaints.

A complaint belongs to a team (complaints.Complaint.team, set at receipt by the routing
rules or by hand through the lifecycle's `route` move); the one visibility rule
(complaints/visibility.py) reads the memberships kept here. The organisation knows nothing
of complaints: the routing rules, which name categories and channels, live beside them."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upheld.core import lookups


class Team(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="teams",
        verbose_name=_("people"),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person in a team: a handler who works its complaints, or a manager who oversees
    them (a manager reads and manages the team's complaints; 5.3.2)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("handler")
        MANAGER = "manager", _("manager")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="membership_unique_person"),
            models.CheckConstraint(
                condition=models.Q(role="member") | models.Q(role="manager"),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.team} ({self.role})"


@dataclass(frozen=True)
class Teams:
    """Every team and who is in it, read once per process (core/lookups.py) and dropped
    everywhere when a team or a membership changes: the visibility rule runs on every
    list, page and move, and must cost no query."""

    names: dict[int, str] = field(default_factory=dict)
    member_of: dict[int, frozenset[int]] = field(default_factory=dict)
    manager_of: dict[int, frozenset[int]] = field(default_factory=dict)

    @property
    def exist(self) -> bool:
        return bool(self.names)

    def of(self, user_id: int | None) -> frozenset[int]:
        """The teams a person works in or manages."""
        return self.member_of.get(user_id or 0, frozenset()) | self.managed_by(user_id)

    def managed_by(self, user_id: int | None) -> frozenset[int]:
        return self.manager_of.get(user_id or 0, frozenset())


def teams() -> Teams:
    return lookups.cached("teams", _load)


def _load() -> Teams:
    """One statement: each team with each of its people (a team with none, once)."""
    names: dict[int, str] = {}
    member_of: dict[int, set[int]] = {}
    manager_of: dict[int, set[int]] = {}
    rows = Team.objects.values_list("pk", "name", "memberships__person_id", "memberships__role")
    for team_id, name, person_id, role in rows:
        names[team_id] = name
        if person_id is None:
            continue
        into = manager_of if role == Membership.Role.MANAGER else member_of
        into.setdefault(person_id, set()).add(team_id)
    return Teams(
        names,
        {k: frozenset(v) for k, v in member_of.items()},
        {k: frozenset(v) for k, v in manager_of.items()},
    )
