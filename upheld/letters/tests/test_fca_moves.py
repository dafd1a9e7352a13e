"""DISP 1.6.2R and Annex 3R inside the lifecycle: `communicate_decision` and
`send_holding_response` write their letter from its template and check it before anything
changes; a letter that lacks what the regulator requires refuses the move, naming what is
missing, and leaves the complaint, its trail and its letters as they were."""

from datetime import date

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput
from upheld.complaints.models import Status
from upheld.letters.models import LetterSettings
from upheld.organisation.models import ExternalBody


@pytest.fixture
def fca(decided, handler):
    return lifecycle.choose_regime(decided(), by=handler, regime="fca", reason="A bank account.")


def refused(move, complaint, **kwargs) -> str:
    before = complaint.events.count()
    with pytest.raises(InvalidInput) as caught:
        move(complaint, **kwargs)
    complaint.refresh_from_db()
    assert complaint.events.count() == before, "the trail is as it was"
    assert not complaint.letters.exists(), "no letter is queued"
    return str(caught.value)


def test_an_fca_final_response_goes_as_a_checked_letter(fca, handler):
    c = lifecycle.communicate_decision(fca, by=handler, method="letter")
    assert c.status == Status.DECISION_COMMUNICATED
    [letter] = c.letters.all()
    assert (letter.kind, letter.channel, letter.regime) == ("decision", "post", "fca")
    assert "six months" in letter.body and letter.template.regime == "fca"


def test_without_the_ombudsman_among_the_external_bodies_the_decision_is_not_communicated(
    fca, handler
):
    ExternalBody.objects.all().delete()
    message = refused(lifecycle.communicate_decision, fca, by=handler)
    assert "the Financial Ombudsman Service among the external bodies" in message
    assert fca.status == Status.DECIDED and fca.decision_communicated_at is None


def test_without_the_leaflet_the_decision_is_not_communicated(fca, handler):
    row = LetterSettings.current()
    row.fos_leaflet = ""
    row.save()
    message = refused(lifecycle.communicate_decision, fca, by=handler, method="letter")
    assert "the ombudsman's explanatory leaflet, attached" in message
    assert fca.status == Status.DECIDED


def test_an_fca_final_response_by_telephone_alone_is_refused(fca, handler):
    message = refused(lifecycle.communicate_decision, fca, by=handler, method="phone")
    assert "in writing" in message


def test_a_holding_response_says_why_and_by_when_and_goes_as_a_letter(fca, handler):
    c = fca
    lifecycle.send_holding_response(
        c, by=handler, reason="We are waiting for the card scheme.", expected_by=date(2027, 2, 1)
    )
    [letter] = c.letters.all()
    assert letter.kind == "holding_response" and letter.channel == "email"
    assert "We are waiting for the card scheme." in letter.body
    assert "1 February 2027" in letter.body


def test_without_the_ombudsman_a_holding_response_is_refused_naming_it(fca, handler):
    ExternalBody.objects.all().delete()
    message = refused(
        lifecycle.send_holding_response,
        fca,
        by=handler,
        reason="We are waiting for the card scheme.",
        expected_by=date(2027, 2, 1),
    )
    assert "the Financial Ombudsman Service among the external bodies" in message
