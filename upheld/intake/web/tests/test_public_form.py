"""ISO 10002 7.2 / 4.3 / 4.6: anyone can complain through the public form, free, without an
account; the complaint is received with its trail, and acknowledged (7.4)."""

import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from upheld.complaints.events import data_of
from upheld.complaints.models import Attachment, Complaint, Event
from upheld.intake.web.models import HeldFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_a_member_of_the_public_files_a_complaint_and_gets_an_acknowledgement(
    client, open_form, complaint_data, run_worker, smtp_server
):
    token = open_form()
    response = client.post("/complain/", complaint_data(form_token=token))
    assert response.status_code == 302 and response["Location"] == "/complain/received/"

    complaint = Complaint.objects.get()
    assert complaint.channel == "web" and complaint.received_by is None
    assert complaint.product == "Online order 12345"
    assert complaint.remedy_sought == "Refund the second charge."
    assert str(complaint.occurred_on) == "2026-01-15"
    assert complaint.complainant.email == "ada@example.org"
    received = Event.objects.get(complaint=complaint, kind="received")
    assert data_of(received)["consents"] == {"privacy_notice": True}  # 4.7, kept in the trail

    page = client.get("/complain/received/")
    html = page.content.decode()
    assert complaint.reference in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    link = re.search(r'id="tracking-link">(http[^<]+)</a>', html).group(1)
    assert "/track/" in link
    due = complaint.response_due_at
    assert f"{due.day} {due:%B} {due.year}" in html

    # The private link is shown once; a reload shows the reference but not the link.
    again = client.get("/complain/received/").content.decode()
    assert complaint.reference in again and "/track/" not in again

    run_worker()
    mail = smtp_server.to("ada@example.org")
    assert len(mail) == 1
    assert complaint.reference in mail[0]["Subject"]
    assert link in mail[0].get_content()
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is not None


def test_the_private_link_not_shown_within_the_hour_is_forgotten(client, open_form, complaint_data):
    from datetime import timedelta

    from django.utils import timezone

    from upheld.intake.web.models import WebSubmission

    client.post("/complain/", complaint_data(form_token=open_form()))
    WebSubmission.objects.update(at=timezone.now() - timedelta(hours=2))
    page = client.get("/complain/received/").content.decode()
    assert Complaint.objects.get().reference in page and "/track/" not in page
    assert WebSubmission.objects.get().pending_secret == ""


def test_a_spanish_speaker_gets_the_form_and_the_acknowledgement_in_spanish(
    client, open_form, complaint_data, run_worker, smtp_server
):
    token = open_form(HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    form = client.get("/complain/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in form and "Presentar una reclamación" in form
    assert '<option value="es" selected lang="es">Español</option>' in form  # follows the page

    response = client.post(
        "/complain/",
        complaint_data(form_token=token, preferred_language="es", email="ana@example.org"),
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.complainant.preferred_language == "es"
    assert (
        "Reclamación recibida"
        in client.get("/complain/received/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    )

    run_worker()
    [mail] = smtp_server.to("ana@example.org")
    assert "Hemos recibido su reclamación" in mail["Subject"]
    body = mail.get_content()
    assert "Estimado/a Ada Lovelace:" in body and "Nuestro objetivo es enviarle" in body
    assert re.search(r"antes del \d{1,2} de \w+ de \d{4}", body)  # a Spanish date


def test_a_representative_complains_for_someone_with_their_authority_recorded(
    client, open_form, complaint_data
):
    client.post(
        "/complain/",
        complaint_data(
            form_token=open_form(),
            acting_for="other",
            rep_name="Charles Babbage",
            rep_email="charles@example.org",
            representative_authority="She asked me to; I hold her power of attorney.",
        ),
    )
    complaint = Complaint.objects.get()
    assert complaint.representative.name == "Charles Babbage"
    assert "power of attorney" in complaint.representative_authority


def test_each_missing_or_wrong_answer_is_named_beside_its_field_and_nothing_is_saved(
    client, open_form, complaint_data
):
    token = open_form()
    response = client.post(
        "/complain/",
        complaint_data(
            form_token=token,
            name="",
            email="not-an-address",
            description="",
            product="",
            remedy_sought="",
            occurred_on="2999-01-01",
            privacy_consent=None,
            acting_for="other",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert Complaint.objects.count() == 0
    assert 'id="error-summary"' in html and "<title>Error:" in html
    for field in (
        "name",
        "email",
        "description",
        "product",
        "remedy_sought",
        "occurred_on",
        "privacy_consent",
        "rep_name",
        "representative_authority",
    ):
        assert f'href="#id_{field}"' in html, field  # summary links to the field
        assert f'id="id_{field}_error"' in html, field
        assert re.search(rf'aria-describedby="[^"]*id_{field}_error[^"]*"', html), field
        assert re.search(rf'<[^>]+aria-invalid="true"[^>]+id="id_{field}"', html) or re.search(
            rf'<[^>]+id="id_{field}"[^>]+aria-invalid="true"', html
        ), field
    # What was typed is kept.
    assert "not-an-address" in html and "Ada Lovelace" not in html


def test_a_complainant_must_give_a_way_to_be_reached(client, open_form, complaint_data):
    response = client.post("/complain/", complaint_data(form_token=open_form(), email=""))
    assert Complaint.objects.count() == 0
    assert "Give at least one way to reach you" in response.content.decode()


def test_a_refused_file_is_named_and_the_rest_of_the_form_is_kept(
    client, open_form, complaint_data, settings
):
    settings.UPHELD_ATTACHMENT_MAX_BYTES = 1000
    token = open_form()
    files = [
        SimpleUploadedFile("receipt.png", PNG, content_type="image/png"),
        SimpleUploadedFile(
            "invoice.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf"
        ),
        SimpleUploadedFile("big.pdf", PDF + b"0" * 2000, content_type="application/pdf"),
    ]
    response = client.post("/complain/", {**complaint_data(form_token=token), "attachments": files})
    html = response.content.decode()
    assert Complaint.objects.count() == 0
    assert "invoice.pdf" in html and "EXE" in html  # judged by content, not by name
    assert "big.pdf" in html and "at most" in html
    assert "I was charged twice for the same order." in html and "Online order 12345" in html
    # The file that passed is held and offered again, ticked.
    held = HeldFile.objects.get(token=token)
    assert held.filename == "receipt.png"
    assert re.search(rf'value="{held.pk}"[^>]*checked|checked[^>]*value="{held.pk}"', html)

    client.post("/complain/", complaint_data(form_token=token, keep_held=[str(held.pk)]))
    complaint = Complaint.objects.get()
    [attachment] = Attachment.objects.filter(complaint=complaint)
    assert attachment.filename == "receipt.png" and attachment.content_type == "image/png"
    assert not HeldFile.objects.exists()


def test_more_files_than_one_complaint_may_carry_are_refused_and_none_is_held(
    client, open_form, complaint_data, settings
):
    settings.UPHELD_ATTACHMENT_MAX_FILES = 2
    token = open_form()

    def photos(count):
        return [
            SimpleUploadedFile(f"photo-{n}.png", PNG, content_type="image/png")
            for n in range(count)
        ]

    response = client.post(
        "/complain/", {**complaint_data(form_token=token), "attachments": photos(3)}
    )
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert "at most 2 files" in response.content.decode()
    assert not HeldFile.objects.filter(token=token).exists()

    client.post("/complain/", {**complaint_data(form_token=token), "attachments": photos(2)})
    assert Attachment.objects.filter(complaint=Complaint.objects.get()).count() == 2


def test_a_filled_honeypot_is_refused_quietly_and_nothing_is_created(
    client, open_form, complaint_data
):
    response = client.post(
        "/complain/", complaint_data(form_token=open_form(), website="http://spam.example")
    )
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_too_many_submissions_from_one_address_are_refused_with_429(
    client, open_form, complaint_data, settings
):
    settings.UPHELD_WEB_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/complain/", complaint_data(form_token=open_form())).status_code == 302
    response = client.post("/complain/", complaint_data(form_token=open_form()))
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Too many complaints sent" in response.content.decode()
    assert Complaint.objects.count() == 2
    # Another address is not limited.
    assert (
        client.post(
            "/complain/", complaint_data(form_token=open_form()), REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 302
    )


def test_forms_sent_back_again_and_again_with_files_are_limited_too(
    client, open_form, complaint_data, settings
):
    settings.UPHELD_WEB_SUBMISSIONS_PER_HOUR = 1
    settings.UPHELD_ATTACHMENT_MAX_FILES = 2
    photos = [SimpleUploadedFile("photo.png", PNG, content_type="image/png") for _ in range(2)]
    response = client.post(
        "/complain/", {**complaint_data(form_token=open_form(), email=""), "attachments": photos}
    )
    assert response.status_code == 200 and HeldFile.objects.count() == 2  # held, not sent

    response = client.post("/complain/", complaint_data(form_token=open_form()))
    assert response.status_code == 429 and Complaint.objects.count() == 0
    assert (
        client.post(
            "/complain/", complaint_data(form_token=open_form()), REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 302
    )


def test_a_double_click_or_a_resubmitted_form_makes_one_complaint(
    client, open_form, complaint_data
):
    data = complaint_data(form_token=open_form())
    first = client.post("/complain/", data)
    second = client.post("/complain/", data)
    assert first["Location"] == second["Location"] == "/complain/received/"
    complaint = Complaint.objects.get()
    html = client.get("/complain/received/").content.decode()
    assert complaint.reference in html and "/track/" in html


def test_the_form_is_protected_against_cross_site_requests(complaint_data, open_form, org):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/complain/", complaint_data(form_token="x"))
    assert response.status_code == 403
    assert Complaint.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_make_one_complaint(client, open_form, complaint_data):
    """A real double click: both requests arrive at once, on their own connections."""
    data = complaint_data(form_token=open_form())
    barrier, locations = threading.Barrier(2), []

    def post():
        browser_tab = Client()
        browser_tab.cookies = client.cookies
        barrier.wait()
        try:
            locations.append(browser_tab.post("/complain/", data)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert locations == ["/complain/received/"] * 2
    assert Complaint.objects.count() == 1
