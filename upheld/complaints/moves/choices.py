"""Where a move's form finds the values it offers for a field the input names by id or
username (inputs.Chosen, inputs.Username): the people who may be assigned or review, the
organisation's external bodies, the categories in use, the complaint's remedies still to be
settled. The API takes the id or username as given and the lifecycle decides; a page offers
these so nobody types an id.

Each source is a function of the complaint (None when there is none) giving
(value, label) pairs, read when the form is shown or checked, in one query."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, Subquery

from upheld.organisation.models import ExternalBody
from upheld.organisation.teams import teams as known_teams

from ..models import (
    Category,
    Channel,
    Complaint,
    Decision,
    Remedy,
    RemedyState,
    Task,
    TaskState,
)
from ..roles import HANDLE, MANAGE

Choices = list[tuple[object, str]]


def _holders(perm: str) -> Choices:
    """Active users who hold `perm` through a role or on their own, or are superusers."""
    app_label, codename = perm.split(".", 1)
    held = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=held) | Q(user_permissions__in=held)
        )
        .distinct()
        .order_by("username")
    )
    return [(u.get_username(), _person(u)) for u in users]


def _person(user) -> str:
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{name} ({user.get_username()})" if name else user.get_username()


def handlers(complaint: Complaint | None) -> Choices:
    return _holders(HANDLE)


def managers(complaint: Complaint | None) -> Choices:
    return _holders(MANAGE)


def external_bodies(complaint: Complaint | None) -> Choices:
    return [(b.pk, b.name) for b in ExternalBody.objects.order_by("position", "name")]


def categories(complaint: Complaint | None) -> Choices:
    found = Category.objects.filter(active=True).select_related("parent__parent")
    return sorted(((c.pk, str(c)) for c in found), key=lambda pair: pair[1].casefold())


def _terms(dimension: str) -> Callable[[Complaint | None], Choices]:
    def terms(complaint: Complaint | None) -> Choices:
        from upheld.taxonomy.selectors import labels_in_use

        return list(labels_in_use().get(dimension, []))

    return terms


def pending_remedies(complaint: Complaint | None) -> Choices:
    """The remedies of the decision in force still to be carried out or waived (7.9)."""
    if complaint is None:
        return []
    in_force = Decision.objects.filter(complaint=complaint).order_by("-decided_at", "-pk")
    remedies = Remedy.objects.filter(
        decision_id=Subquery(in_force.values("pk")[:1]), state=RemedyState.PENDING
    )
    return [(r.pk, _remedy(r)) for r in remedies.order_by("pk")]


def _remedy(remedy: Remedy) -> str:
    text = str(remedy)
    return f"{text}: {remedy.description}" if remedy.description else text


def teams(complaint: Complaint | None) -> Choices:
    """The teams a complaint may be given to (kept per process: organisation/teams.py)."""
    return sorted(known_teams().names.items(), key=lambda pair: pair[1].casefold())


def open_tasks(complaint: Complaint | None) -> Choices:
    """The complaint's investigation tasks not done yet, soonest due first (7.7)."""
    if complaint is None:
        return []
    found = Task.objects.filter(complaint=complaint, state=TaskState.OPEN).select_related("owner")
    return [
        (t.pk, f"{t.title} — {_person(t.owner)}, {t.due_on.isoformat()}")
        for t in found.order_by("due_on", "pk")
    ]


# The ways staff reach a complainant or hear from them outside Upheld's own channels.
WAYS = ("email", "letter", "phone", "in_person")


def ways(complaint: Complaint | None) -> Choices:
    labels = dict(Channel.choices)
    return [(w, str(labels[w])) for w in WAYS]


# Sources whose values are words a person reads, not ids: their description is help for
# the form too.
SPOKEN = frozenset({"ways"})

SOURCES: dict[str, Callable[[Complaint | None], Choices]] = {
    "handlers": handlers,
    "managers": managers,
    "external_bodies": external_bodies,
    "categories": categories,
    "causes": _terms("cause"),
    "fca_products": _terms("fca_product"),
    "fca_causes": _terms("fca_cause"),
    "pending_remedies": pending_remedies,
    "open_tasks": open_tasks,
    "teams": teams,
    "ways": ways,
}
