"""ISO 10002 4.7: what the public pages store for people who only read them, or post junk.

A visitor who has not posted gets no session row; expired sessions and held files are
deleted by the worker; a post that is not a form this site gave stores no file, and the
files held for one address stay within a byte quota."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from upheld.complaints.models import Complaint
from upheld.core import periodic
from upheld.intake.web.models import HeldFile

from .test_public_form import PNG

PUBLIC_PAGES = ["/", "/complain/", "/complain/how/", "/complain/privacy/", "/track/not-a-secret/"]


def png(name: str, size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG + b"\x00" * size, content_type="image/png")


def run_job(name: str):
    [job] = [job for job in periodic.registered() if job.name == name]
    return job.run()


def test_reading_the_public_pages_leaves_no_session_behind(client, org):
    for _ in range(20):
        for url in PUBLIC_PAGES:
            client.get(url)

    assert Session.objects.count() == 0


def test_the_form_still_works_without_a_session_until_it_is_posted(
    client, open_form, complaint_data
):
    token = open_form()
    assert Session.objects.count() == 0

    response = client.post("/complain/", complaint_data(form_token=token), follow=True)

    complaint = Complaint.objects.get()
    assert complaint.reference in response.content.decode()
    assert Session.objects.count() == 1  # remembers the confirmation to show


def test_a_token_given_to_another_browser_does_not_show_that_persons_confirmation(
    client, open_form, complaint_data
):
    token = open_form()
    client.post("/complain/", complaint_data(form_token=token))
    mine = Complaint.objects.get()

    stranger = Client()
    stranger.get("/complain/")
    response = stranger.post("/complain/", complaint_data(form_token=token), follow=True)

    assert mine.reference not in response.content.decode()


def test_the_worker_deletes_expired_sessions(db):
    now = timezone.now()
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + timedelta(1))

    run_job("clear-sessions")

    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


def test_a_post_that_is_not_a_form_this_site_gave_stores_no_file(client, org, complaint_data):
    for _ in range(5):
        response = client.post(
            "/complain/",
            {**complaint_data(description="", form_token="forged"), "attachments": [png("a.png")]},
        )
        assert response.status_code == 200

    assert not HeldFile.objects.exists()


def test_files_held_for_one_address_stay_within_its_quota(
    client, open_form, complaint_data, settings
):
    settings.UPHELD_HELD_BYTES_PER_ADDRESS = 3000
    first = {**complaint_data(description="", form_token=open_form())}
    client.post("/complain/", {**first, "attachments": [png("one.png", 2000)]})
    assert HeldFile.objects.count() == 1

    second = {**complaint_data(description="", form_token=open_form())}
    response = client.post("/complain/", {**second, "attachments": [png("two.png", 2000)]})

    assert list(HeldFile.objects.values_list("filename", flat=True)) == ["one.png"]
    html = response.content.decode()
    assert "could not be kept" in html and "two.png" in html


def test_the_worker_deletes_held_files_of_forms_never_sent_again(client, open_form, complaint_data):
    token = open_form()
    client.post(
        "/complain/",
        {**complaint_data(description="", form_token=token), "attachments": [png("a.png")]},
    )
    assert HeldFile.objects.count() == 1
    run_job("sweep-held-files")
    assert HeldFile.objects.count() == 1  # a person may still be correcting the form

    HeldFile.objects.update(at=timezone.now() - timedelta(hours=3))
    run_job("sweep-held-files")

    assert not HeldFile.objects.exists()


def test_a_held_file_counts_its_size(client, open_form, complaint_data):
    client.post(
        "/complain/",
        {
            **complaint_data(description="", form_token=open_form()),
            "attachments": [png("a.png", 100)],
        },
    )
    assert HeldFile.objects.get().size == len(PNG) + 100
