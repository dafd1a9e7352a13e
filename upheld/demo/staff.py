"""The demo organisation and the people in the roles of ISO 10002 5.3.

Passwords: the superuser `admin` takes UPHELD_ADMIN_PASSWORD, the demo staff take
UPHELD_DEMO_STAFF_PASSWORD; either one, when unset, is generated and printed ONCE, when the
account is created. An existing account is never touched, so a password is never reprinted.
"""

import os
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from upheld.complaints.roles import AUDITOR, COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT
from upheld.organisation.models import Organisation

DEMO_ORGANISATION = {
    "name": "Demo Bank plc",
    "contact_email": "complaints@demobank.example",
    "contact_phone": "+44 20 7946 0000",
    "postal_address": "Complaints Team\nDemo Bank plc\n1 Example Street\nLondon EC1A 1AA",
    "website": "https://demobank.example",
    "country": "GB",
}
DEFAULT_NAME = Organisation._meta.get_field("name").default
# The demo bank's ombudsman (DISP 1.2, ISO 10003): the Financial Ombudsman Service, with its
# real public contact details and time limit.
DEMO_OMBUDSMAN = {
    "name": "Financial Ombudsman Service",
    "description": "An independent service that settles complaints between consumers and "
    "financial businesses. It is free for you.",
    "when_to_go": "After our final response, or if we have not sent it within eight weeks of "
    "receiving your complaint. You must go to it within six months of the date of our final "
    "response.",
    "website": "https://www.financial-ombudsman.org.uk",
    "phone": "0800 023 4567",
    "postal_address": "Financial Ombudsman Service\nExchange Tower\nLondon\nE14 9SR",
}

# username, first name, last name, role
STAFF = (
    ("manager", "Morgan", "Reeve", COMPLAINTS_MANAGER),
    ("handler1", "Hana", "Okafor", HANDLER),
    ("handler2", "Harry", "Lindqvist", HANDLER),
    ("director", "Diane", "Carter", TOP_MANAGEMENT),
    ("auditor", "Alan", "Mistry", AUDITOR),
)


@dataclass
class Cast:
    """The demo's people, and the passwords generated in this run (shown once)."""

    manager: object = None
    handlers: list = field(default_factory=list)
    director: object = None
    auditor: object = None
    new_passwords: dict[str, str] = field(default_factory=dict)


def configure_organisation() -> Organisation:
    """Fill in the demo organisation's settings and its ombudsman, unless someone already
    set them."""
    org = Organisation.current()
    if org.name == DEFAULT_NAME:
        for name, value in DEMO_ORGANISATION.items():
            setattr(org, name, value)
        org.save()
    if not org.external_bodies.exists():
        org.external_bodies.create(**DEMO_OMBUDSMAN)
    return org


def _password(env_name: str) -> tuple[str, bool]:
    given = os.environ.get(env_name, "")
    return (given, False) if given else (secrets.token_urlsafe(12), True)


def ensure_admin(cast: Cast) -> None:
    users = get_user_model()
    if users.objects.filter(username="admin").exists():
        return
    password, generated = _password("UPHELD_ADMIN_PASSWORD")
    users.objects.create_superuser("admin", "admin@demobank.example", password)
    if generated:
        cast.new_passwords["admin"] = password


def ensure_staff() -> Cast:
    users = get_user_model()
    cast = Cast()
    ensure_admin(cast)
    password, generated = _password("UPHELD_DEMO_STAFF_PASSWORD")
    hashed = None  # hashing is slow on purpose: do it once for all the demo staff
    for username, first, last, role in STAFF:
        user = users.objects.filter(username=username).first()
        if user is None:
            hashed = hashed or make_password(password)
            user = users.objects.create_user(
                username,
                f"{username}@demobank.example",
                None,
                first_name=first,
                last_name=last,
            )
            user.password = hashed
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
            if generated:
                cast.new_passwords[username] = password
        if role == COMPLAINTS_MANAGER:
            cast.manager = user
        elif role == HANDLER:
            cast.handlers.append(user)
        elif role == TOP_MANAGEMENT:
            cast.director = user
        else:
            cast.auditor = user
    return cast
