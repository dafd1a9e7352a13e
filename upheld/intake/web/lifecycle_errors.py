"""Put what the lifecycle refuses back onto the form's fields, in the person's language.

The lifecycle's messages are plain English; the fixed ones are listed here so makemessages
finds them and the page can show them translated (4.3: information in clear language)."""

from django.utils.translation import gettext, gettext_noop

from upheld.complaints.errors import InvalidInput

FIELD_FOR = {
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

KNOWN_MESSAGES = (
    gettext_noop("A complaint cannot be received in the future; give the time it really "
                 "arrived."),
    gettext_noop("Give a date and time like 2026-03-01T09:30:00+00:00."),
    gettext_noop("Describe what went wrong; this is required."),
    gettext_noop("Give at least one way to reach the complainant: e-mail, telephone or "
                 "postal address."),
    gettext_noop("Give the representative's name."),
    gettext_noop("Say how the representative is authorised to act for the complainant."),
    gettext_noop("Enter a valid e-mail address, like name@example.org."),
    gettext_noop("The date of occurrence cannot be in the future."),
    gettext_noop("Give a date like 2026-03-01."),
    gettext_noop("Choose a category that is in use."),
    gettext_noop("The time of receipt is set by Upheld."),
)


def apply(form, error: InvalidInput) -> None:
    """Add each of the lifecycle's errors to the field it concerns (or to the form)."""
    for key, messages in error.errors.items():
        field = FIELD_FOR.get(key, key)
        if field not in form.fields:
            field = None
        for message in messages:
            form.add_error(field, gettext(message))
