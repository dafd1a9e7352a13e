"""No unexpected access (ISO 10002 4.7, 5.3): every URL of the complaint page and its
forms, for each role, anonymous, someone with no role, and a complaint outside the viewer's
rule. What the page offers opens; what it does not offer is refused with the reason."""

import re

import pytest
from django.urls import reverse

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import Attachment, Complaint, Status
from upheld.complaints.moves import MOVES
from upheld.complaints.roles import HANDLE, MANAGE
from upheld.complaints.tests.helpers import pending_remedies
from upheld.desk.complaint.models import AttachmentRead

pytestmark = pytest.mark.django_db
S = Status
ROLES = ["handler", "manager", "top_manager", "auditor"]
FORMS = [m.action for m in MOVES.values() if m.input is not None and not m.system_only]


def urls(c: Complaint) -> list[str]:
    files = Attachment.objects.filter(complaint=c)
    return [
        reverse("desk:complaint", args=[c.reference]),
        *(reverse("desk:move", args=[c.reference, action]) for action in FORMS),
        *(reverse("desk:attachment", args=[c.reference, a.pk]) for a in files),
    ]


def is_form(url: str) -> bool:
    return any(url.endswith(f"/{action}/") for action in FORMS)


@pytest.fixture
def readable(cast):
    return cast.receive(attachments=[IncomingFile("a.pdf", b"%PDF-1.4", "application/pdf")])


@pytest.fixture
def everyone(handler, manager, top_manager, auditor, make_user):
    return {
        "handler": handler,
        "manager": manager,
        "top_manager": top_manager,
        "auditor": auditor,
        "no role": make_user(None, "nobody"),
    }


def test_anonymous_is_sent_to_sign_in_everywhere(client, readable):
    for url in urls(readable):
        for answer in (client.get(url), client.post(url, {})):
            assert answer.status_code == 302 and "/accounts/login/" in answer["Location"], url


def test_someone_with_no_role_is_refused_everywhere(client, readable, everyone):
    client.force_login(everyone["no role"])
    for url in urls(readable):
        assert client.get(url).status_code == 403, url
        # The page and the files are only read: a POST is not a method they take.
        assert client.post(url, {}).status_code == (403 if is_form(url) else 405), url
    assert Complaint.objects.get(pk=readable.pk).trail_length == readable.trail_length


@pytest.mark.parametrize("role", ROLES)
def test_a_complaint_outside_the_rule_is_not_there_for_any_role(
    client, everyone, role, readable, hidden
):
    lifecycle.add_correspondence(
        hidden, by=COMPLAINANT, body="x", attachments=[IncomingFile("b.pdf", b"%PDF")]
    )
    length = Complaint.objects.get(pk=hidden.pk).trail_length
    client.force_login(everyone[role])
    for url in urls(hidden):
        assert client.get(url).status_code == 404, url
        posted = client.post(url, {"form_token": "x"}).status_code
        assert posted == (404 if is_form(url) else 405), url
    assert Complaint.objects.get(pk=hidden.pk).trail_length == length
    assert not AttachmentRead.objects.exists()


def expected(user, complaint: Complaint, action: str) -> int:
    name = action.replace("-", "_")
    if name not in lifecycle.allowed_moves(complaint):
        return 409
    manager_only = MOVES[name].permission == MANAGE
    if not user.has_perm(HANDLE) or (manager_only and not user.has_perm(MANAGE)):
        return 403
    if name in ("carry_out_remedy", "waive_remedy") and not pending_remedies(complaint):
        return 409
    return 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", [S.RECEIVED, S.INVESTIGATING, S.DECISION_COMMUNICATED, S.CLOSED])
def test_each_role_opens_what_it_may_and_is_told_why_not_elsewhere(
    client, everyone, role, state, complaint_in
):
    c = complaint_in(state)
    user = everyone[role]
    client.force_login(user)
    page = client.get(reverse("desk:complaint", args=[c.reference]))
    assert page.status_code == 200
    offered = set(
        re.findall(rf"/desk/complaints/{c.reference}/([a-z-]+)/\"", page.content.decode())
    )
    for action in FORMS:
        answer = client.get(reverse("desk:move", args=[c.reference, action]))
        assert answer.status_code == expected(user, c, action), (role, state, action)
        if action in offered:
            assert answer.status_code == 200, (role, state, action)
        if answer.status_code != 200:
            posted = client.post(reverse("desk:move", args=[c.reference, action]), {})
            assert posted.status_code == answer.status_code
    assert Complaint.objects.get(pk=c.pk).trail_length == c.trail_length
