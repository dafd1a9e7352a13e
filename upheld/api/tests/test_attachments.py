"""Files that support a complaint (ISO 10002 7.2) are taken by the API when their content
is of an allowed type and size, and kept in the trail with their SHA-256."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from upheld.complaints.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60


def test_files_are_attached_and_recorded_in_the_trail(handler, api_as, make_complaint):
    ref = make_complaint().reference
    client = api_as(handler)
    response = client.upload(
        f"/complaints/{ref}/attachments",
        {
            "files": [
                SimpleUploadedFile("receipt.pdf", PDF, content_type="text/plain"),
                SimpleUploadedFile("photo.png", PNG),
            ]
        },
        {"subject": "Evidence"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [a["content_type"] for a in body["attachments"]] == ["application/pdf", "image/png"]
    assert body["attachments"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    stored = Attachment.objects.get(filename="receipt.pdf")
    assert stored.file.read() == PDF and stored.complaint.reference == ref
    trail = client.get(f"/complaints/{ref}").json()["trail"]
    assert trail[-1]["kind"] == "correspondence_in"
    assert trail[-1]["data"]["attachments"][1]["filename"] == "photo.png"


def test_a_file_is_judged_by_its_content_not_its_name(handler, api_as, make_complaint):
    ref = make_complaint().reference
    response = api_as(handler).upload(
        f"/complaints/{ref}/attachments",
        {"files": [SimpleUploadedFile("harmless.pdf", EXE, content_type="application/pdf")]},
    )
    assert response.status_code == 422
    assert "harmless.pdf" in response.json()["fields"]["files.0"][0]
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_kept(
    handler, api_as, make_complaint, settings
):
    settings.UPHELD_ATTACHMENT_MAX_BYTES = 1000
    ref = make_complaint().reference
    response = api_as(handler).upload(
        f"/complaints/{ref}/attachments",
        {
            "files": [
                SimpleUploadedFile("small.png", PNG),
                SimpleUploadedFile("big.pdf", PDF + b"x" * 2000),
            ]
        },
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["files.1"]
    assert "at most" in response.json()["fields"]["files.1"][0]
    assert not Attachment.objects.exists()


def test_attaching_needs_a_handling_role_and_a_known_complaint(
    top_manager, handler, api_as, make_complaint
):
    ref = make_complaint().reference
    files = {"files": [SimpleUploadedFile("a.png", PNG)]}
    assert api_as(top_manager).upload(f"/complaints/{ref}/attachments", files).status_code == 403
    files = {"files": [SimpleUploadedFile("a.png", PNG)]}
    assert (
        api_as(handler).upload("/complaints/CMP-1999-000001/attachments", files).status_code == 404
    )
