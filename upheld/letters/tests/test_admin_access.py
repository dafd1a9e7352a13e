"""Who may keep the letter settings in the admin: whoever the permissions allow (the
superuser; a role granted letters.add_lettersettings), and only while there are none.
Found by the authorisation matrix (bench/drills/authz_matrix.py): "only while there are
none" had replaced the permission check, so any staff account — a handler, an auditor,
staff with no role — could create the organisation's letter settings."""

import pytest
from django.contrib.auth import get_user_model

from upheld.complaints.roles import AUDITOR, HANDLER
from upheld.letters.models import LetterSettings

pytestmark = pytest.mark.django_db
ADD = "/admin/letters/lettersettings/add/"


@pytest.mark.parametrize("role", [HANDLER, AUDITOR, None])
def test_staff_without_the_permission_cannot_add_letter_settings(client, make_user, role):
    user = make_user(role, is_staff=True)
    client.force_login(user)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {}).status_code == 403
    assert not LetterSettings.objects.exists()


def test_the_superuser_adds_them_once(client):
    root = get_user_model().objects.create_superuser("root", "root@example.org", None)
    client.force_login(root)
    assert client.get(ADD).status_code == 200
    LetterSettings.objects.create()
    assert client.get(ADD).status_code == 403
