"""The templates' editing service (ISO 10002 7.8; capability 28): every default passes the
regulator's checks for the sample complaint; a save is a new version and refuses a text
that lacks what its letter must say, naming it, or that does not parse, naming the field."""

import pytest

from upheld.complaints.errors import InvalidInput
from upheld.letters import editing, seed
from upheld.letters.models import Template
from upheld.organisation.models import ExternalBody

from .conftest import FOS


@pytest.mark.parametrize("configured", [False, True], ids=["no bodies", "bodies configured"])
def test_every_default_template_passes_the_checks_for_the_sample_complaint(db, configured):
    if configured:
        ExternalBody.objects.create(**FOS)
        ExternalBody.objects.create(name="Consumer Ombudsman Scheme", website="cos.example")
    for d in seed.defaults():
        for regime in (d["regime"],) if d["regime"] != "iso" else ("iso", "fda"):
            found = editing.preview(
                d["kind"], regime, d["language"], subject=d["subject"], body=d["body"]
            )
            assert found.missing == [], (d["kind"], regime, d["language"], found.missing)


def test_a_save_is_the_next_version_and_the_one_before_is_unchanged(db, manager):
    before = Template.objects.get(kind="closure", regime="iso", language="en")
    saved = editing.save(
        "closure", "iso", "en", subject="Closed: {{ reference }}", body="It is closed.", by=manager
    )
    assert (saved.version, saved.created_by) == (before.version + 1, manager)
    assert Template.objects.get(pk=before.pk).body == before.body


def test_an_fca_final_response_without_the_ombudsman_is_refused_naming_each_element(db):
    with pytest.raises(editing.TemplateRefused) as refused:
        editing.save(
            "decision",
            "fca",
            "en",
            subject="Our final response {{ reference }}",
            body="Dear {{ name }}, {{ decision.reasons }} You may ask for a review.",
        )
    said = " ".join(str(m) for m in refused.value.missing)
    for element in ("six-month", "website", "contact details", "Annex 3R"):
        assert element in said, element
    assert "Financial Ombudsman Service" in str(refused.value.messages()["body"][0])
    assert not Template.objects.filter(kind="decision", regime="fca", version__gt=1).exists()


def test_an_acknowledgement_without_the_reference_deadline_or_link_is_refused(db):
    with pytest.raises(editing.TemplateRefused) as refused:
        editing.save("acknowledgement", "iso", "es", subject="Recibida", body="Gracias.")
    assert [str(m) for m in refused.value.missing] == [
        "the complaint's reference",
        "the date by which we will send our final response",
        "how to follow the complaint (the private link)",
    ]


@pytest.mark.parametrize(
    ("subject", "body", "field", "says"),
    [
        ("", "Text {{ reference }}", "subject", "Write the subject."),
        ("S", "  ", "body", "Write the text."),
        ("S", "{% load static %}{{ reference }}", "body", "is not allowed"),
        ("S", "{% if reference %}open", "body", "endif"),
        ("{% include 'x' %}", "{{ reference }}", "subject", "is not allowed"),
        ("S" * 301, "{{ reference }}", "subject", "300"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(db, subject, body, field, says):
    count = Template.objects.count()
    with pytest.raises(InvalidInput) as refused:
        editing.save("closure", "iso", "en", subject=subject, body=body)
    assert says in " ".join(refused.value.messages()[field])
    assert Template.objects.count() == count


def test_saving_the_same_text_again_makes_no_version(db):
    newest = Template.objects.get(kind="closure", regime="iso", language="en")
    with pytest.raises(InvalidInput, match="Nothing changed since version 1"):
        editing.save("closure", "iso", "en", subject=newest.subject, body=newest.body)


def test_the_admin_refuses_the_same_template_the_desk_refuses(client, manager):
    client.force_login(manager)
    data = {
        "kind": "decision",
        "regime": "fca",
        "language": "en",
        "subject": "Our final response {{ reference }}",
        "body": "Dear {{ name }}, {{ decision.reasons }} You may ask for a review.",
        "note": "",
    }
    page = client.post("/admin/letters/template/add/", data)
    assert page.status_code == 200, "the form again, with its errors"
    assert "This template cannot be saved" in " ".join(page.context["adminform"].errors["body"])
    assert not Template.objects.filter(kind="decision", regime="fca", version=2).exists()
