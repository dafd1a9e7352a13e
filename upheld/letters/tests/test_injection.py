"""User text is data, never markup nor template source (issue 10, item 3): Typst's own
markup and template-injection attempts, put in every field a letter prints, come out of the
PDF exactly as typed, and nothing they ask for happens (no file read, no page reset, no
placeholder filled from them)."""

import pytest

from upheld.complaints import lifecycle
from upheld.letters import service
from upheld.letters.kinds import Kind
from upheld.letters.models import Letter, LetterSettings
from upheld.organisation.models import ExternalBody, Organisation

from .conftest import ASSESSMENT, flat, pdf_text

# Typst markup and code, Django template syntax, and both together.
ATTACKS = [
    '#read("/etc/passwd")',
    "#set page(width: 2cm)",
    "*bold* _emph_ $x^2$ `raw`",
    "] [ \\ <label> @ref // not a comment",
    '#import "/etc/hostname": *',
    "{{ reference }} {{ fos_waiver }}",
    "{% for x in external_bodies %}LOOP{% endfor %}",
    '{% include "/etc/passwd" %} {% load static %}',
    "= Not a heading",
]
PASSWD_LINE = "root:x:0:0"


def literal_everywhere(attack: str) -> None:
    org = Organisation.current()
    org.name, org.postal_address = f"Org {attack}", f"Street {attack}\nLondon"
    org.contact_phone = "0300 123 4567"
    org.save()
    ExternalBody.objects.all().delete()
    ExternalBody.objects.create(
        name="Financial Ombudsman Service",
        description=f"Desc {attack}",
        when_to_go=f"When {attack}",
        website="https://www.financial-ombudsman.org.uk",
        phone="0800 023 4567",
        postal_address=f"Exchange Tower {attack}\nLondon",
    )
    row = LetterSettings.current()
    row.signatory = f"Signed {attack}"
    row.save()


@pytest.mark.parametrize("attack", ATTACKS)
def test_markup_and_template_syntax_in_every_field_print_literally(
    letterhead, handler, manager, attack
):
    literal_everywhere(attack)
    c = lifecycle.receive(
        channel="letter",
        description=f"Description {attack}",
        complainant={"name": f"Name {attack}", "postal_address": f"Addr {attack}\nLondon"},
        product="Account",
        remedy_sought="Refund.",
        by=handler,
    )
    c = lifecycle.assess(c, by=handler, **ASSESSMENT)
    c = lifecycle.assign(c, by=manager, assignee=handler)
    c = lifecycle.investigate(c, by=handler)
    c = lifecycle.decide(
        c,
        by=handler,
        outcome="upheld",
        reasons=f"Reasons {attack}",
        remedies=[{"kind": "apology", "description": f"Remedy {attack}"}],
    )
    contexts = {
        Kind.DECISION: {"message": f"Message {attack}"},
        Kind.REQUEST_FOR_INFORMATION: {"question": f"Question {attack}"},
        Kind.HOLDING_RESPONSE: {"reason": f"Reason {attack}", "expected_by": "2027-02-01"},
        Kind.REFERRAL: {
            "other_firm": f"Firm {attack}",
            "other_firm_contact": f"At {attack}",
            "reason": f"Why {attack}",
        },
    }
    expected = flat(attack)
    for kind, context in contexts.items():
        letter = service.send(c, kind, context=context, by=handler)
        assert service.OUTBOX.deliver(letter.pk) == "sent", Letter.objects.get(
            pk=letter.pk
        ).last_error
        letter = Letter.objects.get(pk=letter.pk)
        text = flat(pdf_text(letter.pdf))
        printed = [
            f"Name {expected}",
            f"Addr {expected}",
            f"Org {expected}",
            f"Street {expected}",
            f"Signed {expected}",
        ]
        printed += [
            f"{label} {expected}"
            for label, v in (
                ("Reasons", kind == Kind.DECISION),
                ("Remedy", kind == Kind.DECISION),
                ("Message", kind == Kind.DECISION),
                ("Question", kind == Kind.REQUEST_FOR_INFORMATION),
                ("Reason", kind == Kind.HOLDING_RESPONSE),
                ("Firm", kind == Kind.REFERRAL),
                ("At", kind == Kind.REFERRAL),
                ("Why", kind == Kind.REFERRAL),
                ("Desc", kind == Kind.DECISION),
                ("When", kind == Kind.DECISION),
            )
            if v
        ]
        for phrase in printed:
            assert phrase in text, (kind, phrase)
        assert PASSWD_LINE not in text
        assert len(pdf_text(letter.pdf).splitlines()) > 10  # the page was not shrunk to 2 cm


def test_a_handlers_edited_text_is_not_a_template_either(decided, handler):
    complaint = decided()
    body = (
        service.draft(complaint, Kind.DECISION).body + "\n{{ reference }} {% now 'Y' %} #emph[x]\n"
    )
    letter = service.send(complaint, Kind.DECISION, body=body, by=handler)
    service.OUTBOX.deliver(letter.pk)
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.body == body
    assert "{{ reference }} {% now 'Y' %} #emph[x]" in flat(pdf_text(letter.pdf))


def test_a_template_may_not_load_or_include(db):
    from upheld.complaints.errors import InvalidInput
    from upheld.letters import text

    for source in ('{% include "x" %}', "{% load static %}", "{% debug %}", "{% url 'a' %}"):
        with pytest.raises(InvalidInput):
            text.check_source(source)
