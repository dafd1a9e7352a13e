"""Put what the lifecycle refuses back onto the form's fields, in the person's language
(any page that calls a move: the public form, staff entry, next the desk).

The lifecycle's messages are marked for translation where they are written and put into
words here, in the person's language (4.3: information in clear language)."""

from upheld.complaints.errors import InvalidInput, shown

# The lifecycle names a complainant's details by path; the forms that collect them call the
# fields by their last part.
COMPLAINANT_FIELDS = {
    "complainant": "email",
    "complainant.name": "name",
    "complainant.organisation": "organisation",
    "complainant.email": "email",
    "complainant.phone": "phone",
    "complainant.preferred_language": "preferred_language",
    "representative": "rep_name",
    "representative.name": "rep_name",
    "representative.email": "rep_email",
    "representative.phone": "rep_phone",
}


def apply(form, error: InvalidInput, field_for: dict[str, str] = COMPLAINANT_FIELDS) -> None:
    """Add each of the lifecycle's errors to the field it concerns (or to the form);
    `field_for` maps the lifecycle's names to the form's where they differ."""
    for key, messages in error.errors.items():
        field = field_for.get(key, key)
        if field not in form.fields:
            field = None
        for message in messages:
            form.add_error(field, shown(message))
