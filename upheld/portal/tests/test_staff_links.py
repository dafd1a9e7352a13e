"""ISO 10002 4.7, 7.3: staff revoke a complainant's private link, and send a new one, from
the complaint's desk page (the registry's moves `revoke_link` and `issue_link`); the new
link goes to the complainant only, never shown to staff."""

import re

import pytest

from upheld.notify.models import Message

pytestmark = pytest.mark.django_db


def desk_move(client, reference: str, action: str, **data):
    form = client.get(f"/desk/complaints/{reference}/{action}/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', form)[1]
    return client.post(f"/desk/complaints/{reference}/{action}/", {"form_token": token, **data})


def test_staff_revoke_the_link_then_send_a_new_one_from_the_desk(client, investigating, handler):
    c = investigating()
    client.force_login(handler)
    page = client.get(f"/desk/complaints/{c.reference}/").content.decode()
    assert 'id="move-revoke-link"' in page and 'id="move-issue-link"' in page
    response = desk_move(client, c.reference, "revoke-link", reason="Forwarded to a neighbour.")
    assert response.status_code == 302
    client.logout()
    assert client.get(f"/track/{c.secret}").status_code == 404
    client.force_login(handler)
    response = desk_move(client, c.reference, "issue-link", note="Asked by phone.")
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    message = Message.objects.get(complaint=c, kind="tracking_link")
    assert message.pending_secret not in follow, "staff never see the new link"
    client.logout()
    assert client.get(f"/track/{message.pending_secret}").status_code == 200


def test_revoking_needs_a_reason_named_on_the_form(client, investigating, handler):
    c = investigating()
    client.force_login(handler)
    response = desk_move(client, c.reference, "revoke-link", reason="")
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    client.logout()
    assert client.get(f"/track/{c.secret}").status_code == 200
