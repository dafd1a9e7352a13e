"""ISO 10002 7.2: staff record complaints received by telephone, letter, in person or e-mail;
the receiver is recorded, the time of receipt may be set back but never forward, and an oral
complaint is recorded at the moment it is received."""

from datetime import timedelta

from django.utils import timezone

from upheld.complaints.events import data_of
from upheld.complaints.models import Complaint, Event

from .conftest import form_token

URL = "/desk/complaints/new/"


def staff_data(token, **overrides):
    data = {
        "form_token": token,
        "channel": "phone",
        "received_at": "",
        "name": "Grace Hopper",
        "email": "",
        "phone": "+44 20 7946 0000",
        "postal_address": "",
        "preferred_language": "en",
        "acting_for": "self",
        "description": "The engineer did not come on the agreed day.",
        "product": "Home repair visit",
        "remedy_sought": "A new appointment this week.",
    }
    data.update(overrides)
    return data


def test_an_oral_complaint_is_recorded_at_the_moment_of_receipt_by_the_person_taking_it(
    client, handler
):
    client.force_login(handler)
    page = client.get(URL)
    assert 'type="datetime-local"' in page.content.decode()
    assert "Myself" not in page.content.decode()  # staff record someone else's complaint
    before = timezone.now()
    response = client.post(URL, staff_data(form_token(page)))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "phone" and complaint.received_by == handler
    assert before - timedelta(seconds=1) <= complaint.received_at <= timezone.now()
    event = Event.objects.get(complaint=complaint, kind="received")
    assert event.actor == handler and data_of(event)["channel"] == "phone"
    html = client.get(response["Location"]).content.decode()
    assert complaint.reference in html and "handler" in html


def test_a_phone_complainant_with_an_email_address_gets_the_acknowledgement_by_email(
    client, handler, run_worker, smtp_server
):
    client.force_login(handler)
    token = form_token(client.get(URL))
    client.post(URL, staff_data(token, email="grace@example.org"))
    complaint = Complaint.objects.get()
    run_worker()
    [mail] = smtp_server.to("grace@example.org")
    assert complaint.reference in mail["Subject"]
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is not None


def test_a_letter_is_recorded_with_the_time_it_really_arrived(client, handler):
    client.force_login(handler)
    token = form_token(client.get(URL))
    arrived = timezone.localtime() - timedelta(days=2, hours=3)
    client.post(
        URL,
        staff_data(
            token,
            channel="letter",
            phone="",
            postal_address="1 High St",
            received_at=arrived.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    complaint = Complaint.objects.get()
    assert complaint.channel == "letter"
    assert complaint.received_at == arrived.replace(second=0, microsecond=0)
    assert complaint.response_due_at.date() == (complaint.received_at + timedelta(days=56)).date()


def test_a_time_of_receipt_in_the_future_is_refused_and_nothing_is_recorded(client, handler):
    client.force_login(handler)
    token = form_token(client.get(URL))
    later = timezone.localtime() + timedelta(hours=3)
    response = client.post(URL, staff_data(token, received_at=later.strftime("%Y-%m-%dT%H:%M")))
    html = response.content.decode()
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert "cannot be received in the future" in html
    assert 'href="#id_received_at"' in html and 'id="id_received_at_error"' in html


def test_staff_entry_needs_a_complaint_handling_role(client, make_user):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(make_user(role=None, username="visitor"))
    assert client.get(URL).status_code == 403


def test_staff_sign_in_and_come_back_to_the_entry_form(client, handler):
    response = client.get(URL)
    assert response["Location"] == f"/accounts/login/?next={URL}"
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'for="id_username"' in page.content.decode()
    response = client.post(
        "/accounts/login/", {"username": "handler", "password": "x-test-password-1", "next": URL}
    )
    assert response["Location"] == URL
    assert client.get(URL).status_code == 200
