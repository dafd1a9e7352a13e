"""How Upheld writes to a complainant (ISO 10002 4.3, 7.3): one rule for every message a
move sends on its own — the acknowledgement's rule. Their stated preference when it can be
honoured, else e-mail when there is an address, else a letter when there is a postal
address; nothing when there is only a telephone number (the handler calls them)."""

from .. import correspondence
from ..models import ContactPreference, Person


def written_way(person: Person) -> str:
    """ "email", "letter", or "" when we cannot write to the person at all."""
    postal = bool(person.postal_address.strip())
    if person.contact_preference == ContactPreference.LETTER and postal:
        return "letter"
    if person.email:
        return "email"
    return "letter" if postal else ""


def write(c, kind: str, *, context: dict | None = None, secret: str = "", by=None) -> str:
    """Send `kind` to the complainant their way, in the caller's transaction (the letters
    write it from its template: complaints/correspondence.py). Returns the way taken, ""
    when there is none."""
    way = written_way(c.complainant)
    if way:
        correspondence.send(c, kind, way=way, context=context, secret=secret, by=by)
    return way
