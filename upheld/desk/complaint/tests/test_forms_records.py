"""The forms that record what happened outside Upheld (ISO 10002 7.3, 7.4, 4.7): a message
in or out with its evidence files, an acknowledgement given by phone, and the erasure of
personal data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from upheld.complaints.models import Attachment, Complaint, Correspondence

from .forms import TOKEN, open_form, send

pytestmark = pytest.mark.django_db


def fresh(c: Complaint) -> Complaint:
    return Complaint.objects.get(pk=c.pk)


def post_with_files(client, c, data: dict, *files):
    url = reverse("desk:move", args=[c.reference, "add-correspondence"])
    token = TOKEN.search(client.get(url).content.decode()).group(1)
    return client.post(url, {**data, "form_token": token, "attachments": list(files)})


def test_a_message_with_evidence_files_is_kept_with_their_hashes(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    page = open_form(client, c, "add-correspondence").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    answer = post_with_files(
        client,
        c,
        {"direction": "in", "channel": "letter", "subject": "Bank statement", "body": "Enclosed."},
        SimpleUploadedFile("statement.pdf", b"%PDF-1.4 statement", "application/pdf"),
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    [message] = Correspondence.objects.filter(complaint=c)
    [kept] = Attachment.objects.filter(correspondence=message)
    assert kept.filename == "statement.pdf" and len(kept.sha256) == 64
    page = client.get(answer["Location"]).content.decode()
    assert "Bank statement" in page and kept.sha256 in page


def test_a_file_of_a_type_not_allowed_is_refused_beside_the_field(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer = post_with_files(
        client,
        c,
        {"direction": "in", "channel": "letter", "body": "See the program."},
        SimpleUploadedFile("run.exe", b"MZ\x90\x00\x03binary", "application/octet-stream"),
    )
    assert answer.status_code == 200
    assert 'id="id_attachments_error"' in answer.content.decode()
    assert not Correspondence.objects.filter(complaint=c).exists()


def test_a_message_needs_its_text_or_a_file(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer = post_with_files(client, c, {"direction": "out", "channel": "phone"})
    text = answer.content.decode()
    assert 'id="id_body_error"' in text
    assert not Correspondence.objects.filter(complaint=c).exists()


def test_an_acknowledgement_given_by_phone_is_recorded(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer, _ = send(client, c, "acknowledge", {"method": "phone", "note": "Called her."})
    assert answer.status_code == 302 and fresh(c).acknowledged_at is not None
    page = client.get(answer["Location"]).content.decode()
    assert reverse("desk:move", args=[c.reference, "acknowledge"]) not in page


def test_erasing_the_personal_data_needs_a_reason_and_a_manager(client, handler, manager, cast):
    c = cast.receive()
    client.force_login(handler)
    assert open_form(client, c, "anonymise").status_code == 403
    client.force_login(manager)
    answer, _ = send(client, c, "anonymise", {})
    assert 'id="id_reason_error"' in answer.content.decode()
    answer, _ = send(client, c, "anonymise", {"reason": "The retention period ended."})
    assert answer.status_code == 302 and fresh(c).complainant.name == ""
