"""Each limit of each regime profile, with its exact due instant (README "Regime
profiles"): DISP 1.5, 1.6.1R, 1.6.2R, 1.6.2AR; 21 CFR 803.50, 803.53, 803.56; ISO 10002."""

from datetime import date

import pytest

from upheld.complaints.tests.helpers import ombudsman
from upheld.notify.delivery import render
from upheld.notify.models import Message

from .conftest import NEW_YORK, at, clocks, cob, eod, use_calendar, use_profile_at_receipt

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- UK FCA DISP 1


def test_an_fca_complaint_must_have_its_final_response_by_the_end_of_eight_weeks(clockwork):
    use_profile_at_receipt("fca")
    c = clockwork.receive(at(2026, 11, 30, 10))
    running = clocks(c)
    assert c.regime == "fca"
    assert running["final_response"].due_at == eod(2027, 1, 25)
    assert c.response_due_at == eod(2027, 1, 25), "what is promised is what the clock computes"
    # DISP 1.5: resolved by close of business on the third business day after receipt.
    assert running["summary_resolution"].due_at == cob(2026, 12, 3)
    assert not running["summary_resolution"].binding
    # DISP 1.6.1R: a prompt acknowledgement (8 working hours: 10:00–17:00, then 9:00–10:00).
    assert running["acknowledge"].due_at == at(2026, 12, 1, 10)


def test_the_acknowledgement_states_the_fca_eight_week_date(clockwork):
    use_profile_at_receipt("fca")
    c = clockwork.receive(at(2026, 11, 30, 10))
    _, body = render(Message.objects.get(complaint=c, kind="acknowledgement"))
    assert "25 January 2027" in body


def test_disp_1_5_counts_three_business_days_after_the_day_of_receipt_over_christmas(
    clockwork,
):
    use_profile_at_receipt("fca")
    # 25 Dec Fri, 28 Dec Mon (Boxing Day substitute) are bank holidays in England.
    c = clockwork.receive(at(2026, 12, 24, 15))
    assert clocks(c)["summary_resolution"].due_at == cob(2026, 12, 31)


def test_a_holding_response_meets_the_eight_weeks_and_the_clock_never_runs_again(clockwork):
    use_profile_at_receipt("fca")
    ombudsman()  # DISP 1.6.2R(2): the holding response names it (checked before it goes)
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(
        at(2027, 1, 20, 12), "send_holding_response", c,
        reason="Waiting for the card scheme.", expected_by=date(2027, 2, 26),
    )  # fmt: skip
    final = c.clocks.get(key="final_response")
    assert (final.stopped_by, final.met) == ("send_holding_response", True)
    assert "final_response" not in clocks(c)


def test_payment_services_have_fifteen_business_days_or_thirty_five_after_a_holding_reply(
    clockwork,
):
    use_profile_at_receipt("fca_psd")
    ombudsman()
    c = clockwork.receive(at(2026, 11, 30, 10))
    assert clocks(c)["final_response"].due_at == cob(2026, 12, 21)
    assert c.response_due_at == cob(2026, 12, 21)
    c = clockwork.make(
        at(2026, 12, 18, 11), "send_holding_response", c,
        reason="Exceptional: the merchant's records are abroad.", expected_by=date(2027, 1, 20),
    )  # fmt: skip
    extended = clocks(c)["final_response_extended"]
    # 35 business days from receipt, not from the holding reply: over Christmas, New Year.
    assert extended.started_at == at(2026, 11, 30, 10)
    assert extended.due_at == cob(2027, 1, 21)
    c.refresh_from_db()
    assert c.response_due_at == cob(2027, 1, 21)


# ---------------------------------------------------------------- US FDA devices


@pytest.fixture
def fda(clockwork):
    use_calendar(time_zone="America/New_York", country="US", subdivision="")
    use_profile_at_receipt("fda")


def evaluate(clockwork, c, when, **facts):
    facts = {
        "reportable": True,
        "event": "malfunction",
        "rationale": "The pump stopped mid-infusion; a recurrence could cause serious injury.",
        "aware_on": date(2026, 11, 25),
        **facts,
    }
    return clockwork.make(when, "evaluate_reportability", c, **facts)


def test_an_mdr_report_is_due_thirty_calendar_days_after_the_firm_became_aware(fda, clockwork):
    c = clockwork.receive(at(2026, 11, 25, 9, tz=NEW_YORK))
    c = evaluate(clockwork, c, at(2026, 11, 30, 11, tz=NEW_YORK))
    report = clocks(c)["mdr_report"]
    assert report.started_at == at(2026, 11, 25, tz=NEW_YORK)
    assert report.due_at == eod(2026, 12, 25, tz=NEW_YORK)
    assert c.mdr_reportable is True and "mdr_5_day_report" not in clocks(c)


def test_aware_on_thanksgiving_the_thirty_days_are_calendar_days(fda, clockwork):
    c = clockwork.receive(at(2026, 11, 26, 9, tz=NEW_YORK))
    c = evaluate(clockwork, c, at(2026, 11, 27, 9, tz=NEW_YORK), aware_on=date(2026, 11, 26))
    assert clocks(c)["mdr_report"].due_at == eod(2026, 12, 26, tz=NEW_YORK)


def test_a_five_day_report_counts_us_work_days_when_remedial_action_is_needed(fda, clockwork):
    c = clockwork.receive(at(2026, 11, 25, 9, tz=NEW_YORK))
    c = evaluate(clockwork, c, at(2026, 11, 25, 15, tz=NEW_YORK), remedial_action=True)
    five = clocks(c)["mdr_5_day_report"]
    # Thanksgiving (26 Nov) is a federal holiday: 27 Nov, 30 Nov, 1, 2, 3 Dec.
    assert five.due_at == cob(2026, 12, 3, tz=NEW_YORK)
    assert "mdr_report" not in clocks(c)


def test_fda_asking_in_writing_also_makes_it_a_five_day_report(fda, clockwork):
    c = clockwork.receive(at(2026, 11, 25, 9, tz=NEW_YORK))
    c = evaluate(clockwork, c, at(2026, 11, 25, 15, tz=NEW_YORK), fda_requested=True)
    assert clocks(c)["mdr_5_day_report"].due_at == cob(2026, 12, 3, tz=NEW_YORK)


def test_a_report_stops_only_its_own_clock_and_new_information_starts_a_supplemental(
    fda, clockwork
):
    c = clockwork.receive(at(2026, 11, 25, 9, tz=NEW_YORK))
    c = evaluate(clockwork, c, at(2026, 11, 30, 11, tz=NEW_YORK))
    c = clockwork.make(
        at(2026, 12, 10, 11, tz=NEW_YORK), "record_mdr_report", c,
        report="30_day", submitted_on=date(2026, 12, 10), report_number="MW123",
    )  # fmt: skip
    assert c.clocks.get(key="mdr_report").met is True
    c = evaluate(
        clockwork, c, at(2027, 1, 6, 10, tz=NEW_YORK),
        aware_on=date(2027, 1, 5), supplemental=True,
    )  # fmt: skip
    assert clocks(c)["mdr_supplemental"].due_at == eod(2027, 2, 4, tz=NEW_YORK)


def test_a_device_complaint_not_reportable_starts_no_report_clock(fda, clockwork):
    c = clockwork.receive(at(2026, 11, 25, 9, tz=NEW_YORK))
    c = evaluate(clockwork, c, at(2026, 11, 25, 15, tz=NEW_YORK), reportable=False, event="")
    assert not {"mdr_report", "mdr_5_day_report"} & set(clocks(c))
    assert c.clocks.get(key="reportability").met is True


# ---------------------------------------------------------------- ISO 10002 default


def test_the_iso_profile_acknowledges_assesses_and_answers_within_its_targets(clockwork):
    c = clockwork.receive(at(2026, 11, 30, 10))
    running = clocks(c)
    assert c.regime == "iso"
    assert running["acknowledge"].due_at == at(2026, 12, 1, 10)
    assert running["assess"].due_at == cob(2026, 12, 7)
    assert running["final_response"].due_at == eod(2027, 1, 25)
    c = clockwork.make(at(2026, 12, 2, 10), "assess", c, severity=4, safety_implication=True)
    # Decide within 5 business days for an urgent complaint (by priority), from assessment.
    assert clocks(c)["decide"].due_at == cob(2026, 12, 9)
    assert c.clocks.get(key="assess").met is True
