"""The letter templates' editor on the desk (ISO 10002 7.8; capability 28): the complaints
manager lists the templates by kind × regime × language, reads a template's versions,
previews an edit filled for a sample complaint and saves it as a new version — never
changing one; the regulator's checks refuse a template that lacks what its letter must
say, naming it. Handlers cannot edit; bad input names its field; queries are fixed."""

import pytest
from django.urls import reverse

from upheld.letters import service
from upheld.letters.kinds import Kind
from upheld.letters.models import Template

# session, user, permissions (2), the newest version of every template (one grouped
# query), the layout's organisation
LIST = 6
# session, user, permissions (2), the versions with who saved them, the layout's
# organisation and calendar (dates in the organisation's zone)
VERSIONS_GET = 7
# the same, and the sample's facts: the organisation, the letter settings, the external
# bodies (a preview saves nothing)
PREVIEW = 10


def versions_url(kind="closure", regime="iso", language="en") -> str:
    return reverse("desk:template_versions", args=[kind, regime, language])


def test_the_manager_lists_every_template_by_kind_regime_and_language(client, manager):
    client.force_login(manager)
    page = client.get(reverse("desk:template_list"))
    assert page.status_code == 200
    html = page.content.decode()
    for kind in Kind.values:
        for regime in ("iso", "fca", "fca_psd", "fda"):
            for language in ("en", "es"):
                assert versions_url(kind, regime, language) in html
    assert 'id="t-closure-fda-en">none of its own' in html
    assert 'id="t-closure-iso-en">version 1' in html


@pytest.mark.parametrize("url", [reverse("desk:template_list"), versions_url()])
def test_a_handler_cannot_open_or_save_a_template(client, handler, url):
    client.force_login(handler)
    assert client.get(url).status_code == 403
    data = {"subject": "S {{ reference }}", "body": "x", "action": "save"}
    posted = client.post(versions_url(), data)
    assert posted.status_code == 403
    assert Template.objects.filter(kind="closure", version__gt=1).count() == 0


def test_someone_signed_out_is_sent_to_sign_in(client):
    page = client.get(versions_url())
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_an_edit_is_previewed_for_a_sample_complaint_and_saved_as_a_new_version(
    client, manager, decided, handler, run_worker
):
    client.force_login(manager)
    first = Template.objects.get(kind="closure", regime="iso", language="en")
    page = client.get(versions_url())
    assert page.context["form"].initial["body"] == first.body
    body = "Dear {{ salutation_name }},\n\nComplaint {{ reference }} is closed. Thank you."
    data = {"subject": "Closed: {{ reference }}", "body": body, "note": "Shorter."}

    preview = client.post(versions_url(), {**data, "action": "preview"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Complaint CMP-2026-000123 is closed." in html and 'id="checks-pass"' in html
    assert Template.objects.filter(kind="closure", regime="iso", language="en").count() == 1

    saved = client.post(versions_url(), {**data, "action": "save"})
    assert saved.status_code == 302
    second = Template.objects.get(kind="closure", regime="iso", language="en", version=2)
    assert (second.note, second.created_by) == ("Shorter.", manager)
    assert Template.objects.get(pk=first.pk).body == first.body, "a version never changes"
    page = client.get(versions_url()).content.decode()
    assert 'id="version-2"' in page and 'id="version-1"' in page

    complaint = decided()
    letter = service.send(complaint, Kind.CLOSURE, channel="post", by=handler)
    run_worker()
    letter.refresh_from_db()
    assert (
        letter.template == second and f"Complaint {complaint.reference} is closed." in letter.body
    )


def test_an_fca_final_response_lacking_the_ombudsman_is_refused_naming_what_is_missing(
    client, manager
):
    client.force_login(manager)
    data = {
        "subject": "Our final response {{ reference }}",
        "body": "Dear {{ name }},\n\n{{ decision.reasons }}\n\nYou may ask for a review.",
        "action": "save",
    }
    page = client.post(versions_url("decision", "fca", "en"), data)
    assert page.status_code == 200
    errors = " ".join(page.context["form"].errors["body"])
    assert "This template cannot be saved" in errors
    for missing in ("six-month time limit", "ombudsman's website", "Annex 3R"):
        assert missing in errors, missing
    assert 'id="missing"' in page.content.decode(), "the preview shows what is missing"
    assert not Template.objects.filter(kind="decision", regime="fca", version=2).exists()


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"subject": "", "body": "{{ reference }}"}, "subject", "Write the subject."),
        ({"subject": "S", "body": ""}, "body", "Write the text."),
        ({"subject": "S", "body": "{% load static %}"}, "body", "is not allowed"),
        ({"subject": "S", "body": "{% for x in y %}"}, "body", "endfor"),
        ({"subject": "S", "body": "{{ reference|date:1|add }}"}, "body", ""),
    ],
)
def test_bad_input_names_its_field_and_changes_nothing(client, manager, data, field, says):
    client.force_login(manager)
    for action in ("preview", "save"):
        page = client.post(versions_url(), {**data, "action": action})
        assert page.status_code == 200
        assert says in " ".join(page.context["form"].errors[field])
    assert Template.objects.filter(kind="closure", regime="iso", language="en").count() == 1


def test_an_unknown_template_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get(versions_url("nonsense", "iso", "en")).status_code == 404
    assert client.get(versions_url("closure", "iso", "fr")).status_code == 404


def test_a_regime_with_no_version_of_its_own_starts_from_the_one_used_and_saves_version_1(
    client, manager
):
    client.force_login(manager)
    page = client.get(versions_url("closure", "fca", "es"))
    iso_es = Template.objects.get(kind="closure", regime="iso", language="es")
    assert page.context["form"].initial["body"] == iso_es.body
    data = {"subject": iso_es.subject, "body": iso_es.body + "\nFCA.\n", "action": "save"}
    assert client.post(versions_url("closure", "fca", "es"), data).status_code == 302
    saved = Template.objects.get(kind="closure", regime="fca", language="es")
    assert saved.version == 1


@pytest.mark.parametrize("n", [1, 4])
def test_the_pages_run_a_fixed_number_of_queries(client, manager, django_assert_num_queries, n):
    for v in range(2, n + 1):
        Template.objects.create(
            kind="closure", regime="iso", language="en", version=v, subject="S", body=f"v{v}"
        )
    client.force_login(manager)
    client.get(reverse("desk:template_list"))
    with django_assert_num_queries(LIST):
        assert client.get(reverse("desk:template_list")).status_code == 200
    with django_assert_num_queries(VERSIONS_GET):
        assert client.get(versions_url()).status_code == 200
    data = {"subject": "S {{ reference }}", "body": "Closed {{ reference }}.", "action": "preview"}
    client.post(versions_url(), data)
    with django_assert_num_queries(PREVIEW):
        assert client.post(versions_url(), data).status_code == 200
