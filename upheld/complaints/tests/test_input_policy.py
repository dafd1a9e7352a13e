"""Issue 12, point 3: the rules of receipt hold every channel (e-mail, forms, API, import) to
one input policy: text a database cannot store (a NUL, a lone surrogate) and dates before
1900 are refused naming the field, before anything is written."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput
from upheld.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def receive(**overrides):
    data = {
        "channel": "email",
        "description": "Charged twice.",
        "complainant": {"name": "Ada", "email": "ada@example.org"},
    }
    data.update(overrides)
    return lifecycle.receive(**data)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("description", {"description": "a\x00b"}),
        ("description", {"description": "a\ud800b"}),
        ("product", {"product": "card\x00"}),
        ("complainant.name", {"complainant": {"name": "A\udfff", "email": "a@example.org"}}),
        ("occurred_on", {"occurred_on": "0001-01-01"}),
    ],
)
def test_what_no_database_can_store_is_refused_naming_the_field(org, field, overrides):
    with pytest.raises(InvalidInput) as refused:
        receive(**overrides)
    assert field in refused.value.messages()
    assert Complaint.objects.count() == 0


def test_a_time_of_receipt_before_1900_is_refused(org, handler):
    with pytest.raises(InvalidInput) as refused:
        receive(by=handler, channel="phone", received_at="0001-01-01T00:00:00+14:00")
    assert "received_at" in refused.value.messages()
