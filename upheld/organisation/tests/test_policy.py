"""ISO 10002 5.1, 5.2: the complaints-handling policy is published on the public pages in
the visitor's language, a change is a new version, and each member of staff acknowledges
each version once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from upheld.organisation import policy
from upheld.organisation.models import PolicyAcknowledgement, PolicyVersion

pytestmark = pytest.mark.django_db


def publish(version: int, language: str, text: str, **extra) -> PolicyVersion:
    return PolicyVersion.objects.create(version=version, language=language, text=text, **extra)


def test_the_current_policy_is_on_the_public_pages_in_the_visitors_language(client):
    publish(1, "en", "We welcome complaints. (first)")
    publish(2, "en", "We welcome complaints and learn from them.")
    publish(2, "es", "Agradecemos las quejas y aprendemos de ellas.")
    publish(3, "en", "Not yet.", published_at=timezone.now() + timedelta(days=3))
    html = client.get("/complain/policy/").content.decode()
    assert "learn from them" in html and "(first)" not in html and "Not yet" not in html
    html = client.get("/complain/policy/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "aprendemos de ellas" in html


def test_a_version_missing_in_a_language_falls_back_to_the_default_one(client):
    publish(1, "en", "We welcome complaints.")
    html = client.get("/complain/policy/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "We welcome complaints." in html


def test_before_any_policy_the_page_still_answers(client):
    assert client.get("/complain/policy/").status_code == 200


def test_staff_acknowledge_each_version_once(client, handler):
    publish(1, "en", "We welcome complaints.")
    client.force_login(handler)
    assert policy.to_acknowledge(handler) == 1
    assert 'id="acknowledge"' in client.get("/accounts/policy/").content.decode()
    client.post("/accounts/policy/")
    client.post("/accounts/policy/")
    assert PolicyAcknowledgement.objects.filter(person=handler, version=1).count() == 1
    assert policy.to_acknowledge(handler) is None
    assert 'id="acknowledged"' in client.get("/accounts/policy/").content.decode()
    publish(2, "en", "We welcome complaints and learn from them.")
    assert policy.to_acknowledge(handler) == 2, "a new version is acknowledged again"


def test_a_published_version_is_never_changed(manager, client):
    from django.core.exceptions import ValidationError

    version = publish(1, "en", "We welcome complaints.")
    version.text = "Something else"
    with pytest.raises(ValidationError):
        version.full_clean()
    client.force_login(manager)
    page = client.get(f"/admin/organisation/policyversion/{version.pk}/change/")
    assert page.status_code == 200 and 'name="text"' not in page.content.decode()
