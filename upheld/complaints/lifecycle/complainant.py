"""The complainant's side of the lifecycle (ISO 10002 7.3, 7.9, 4.3, 4.7): their private
link issued afresh or revoked, an internal review asked for, how they want to hear from us.
Staff notified of what the complainant did are told by the outbox, in the same transaction."""

from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from upheld.notify import notices
from upheld.notify.notices import people_of

from .. import events
from ..errors import GateNotMet, InvalidInput, fmt
from ..models import ContactPreference, EventKind
from ..references import new_secret
from ..roles import COMPLAINTS_MANAGER
from ._machine import _locked, allowed_moves
from .alerts import members
from .ways import write, written_way


def tell_staff(c, kind: str, context: dict | None = None) -> list:
    """Tell whoever works the complaint (its assignee), or the complaints managers when
    nobody does, of something the complainant did — each as they chose (notify.notices:
    on the desk, by e-mail, or both). Returns who was told."""
    people = people_of([c.assignee]) or members(COMPLAINTS_MANAGER)
    return notices.tell(people, kind, complaint=c, context=context)


def issue_link(complaint, *, by, note: str = "") -> object:
    """ISO 10002 7.3, 4.7: a fresh private link to the complaint replaces the old one (lost,
    or seen by someone else), which opens nothing from then on. It goes to the complainant
    only — by e-mail, or by letter when post is the only way to write to them — and is
    never shown to whoever asked for it (staff on the complainant's behalf, or the
    complainant from the recovery page with the reference and the contact details given)."""
    with _locked(complaint, "issue_link", by) as (c, actor):
        way = written_way(c.complainant)
        if not way:
            raise InvalidInput(
                {
                    "complainant": fmt(
                        _(
                            "The complainant of {reference} has no e-mail or postal address: "
                            "a new link cannot be sent to them. Record an address first."
                        ),
                        reference=c.reference,
                    )
                }
            )
        token, token_hash = new_secret()
        c.secret_hash = token_hash
        c.save(update_fields=["secret_hash"])
        events.append(c, EventKind.LINK_ISSUED, actor, {"way": way, "note": note}, public=True)
        write(c, "tracking_link", secret=token)
    return c


def revoke_link(complaint, *, by, reason: str) -> object:
    """ISO 10002 4.7: the private link stops working (it was seen by someone else, the
    complainant asked); nothing opens the complaint's page until a new one is issued."""
    if not (reason or "").strip():
        raise InvalidInput({"reason": _("Say why the link is revoked.")})
    with _locked(complaint, "revoke_link", by) as (c, actor):
        c.secret_hash = ""
        c.save(update_fields=["secret_hash"])
        events.append(c, EventKind.LINK_REVOKED, actor, {"reason": reason.strip()})
    return c


def request_review(complaint, *, by, reason: str = "") -> object:
    """ISO 10002 7.9, Annex F: the complainant, who did not accept the decision, asks for
    the internal review. The complaint stays open and rejected until a complaints manager
    escalates it to a reviewer; they and the handler are told now. Asked once per
    rejection."""
    with _locked(complaint, "request_review", by) as (c, actor):
        rejected = c.events.filter(kind=EventKind.REJECTED).order_by("-seq").values("seq")[:1]
        asked = c.events.filter(
            kind=EventKind.REVIEW_REQUESTED, seq__gt=Subquery(rejected)
        ).exists()
        if asked:
            raise GateNotMet(
                "request_review",
                c.status,
                allowed_moves(c),
                why=_("the internal review was already asked for"),
            )
        told = tell_staff(c, "review_requested", {"reason": (reason or "").strip()})
        events.append(
            c,
            EventKind.REVIEW_REQUESTED,
            actor,
            {"reason": (reason or "").strip(), "told": [p.pk for p in told]},
            public=True,
        )
    return c


def choose_contact(complaint, *, by, preference: str) -> object:
    """ISO 10002 4.3: how the complainant wants us to write to them, among the ways we have
    details for (we cannot post a letter without an address)."""
    if preference not in ContactPreference.values:
        raise InvalidInput({"preference": _("Choose e-mail, letter or telephone.")})
    with _locked(complaint, "choose_contact", by) as (c, actor):
        person = c.complainant
        needs = {
            ContactPreference.EMAIL: (person.email, _("We have no e-mail address for you.")),
            ContactPreference.LETTER: (
                person.postal_address.strip(),
                _("We have no postal address for you."),
            ),
            ContactPreference.PHONE: (person.phone, _("We have no telephone number for you.")),
        }
        detail, missing = needs[ContactPreference(preference)]
        if not detail:
            raise InvalidInput({"preference": missing})
        person.contact_preference = preference
        person.save(update_fields=["contact_preference"])
        events.append(
            c, EventKind.CONTACT_PREFERENCE_SET, actor, {"preference": preference}, public=True
        )
    return c
