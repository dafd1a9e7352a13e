"""The default regime profiles, with the rule each clock applies and its source (README,
"Regime profiles"). Written by a migration; the complaints manager may change the ISO
targets (and any other) in the admin afterwards. Amounts: calendar days, business days
(the organisation's calendar) or working hours, as `unit` says. Points: offsets before
the due instant in the clock's unit, and what Upheld does then."""

from .regimes import Regime

END = "communicate_decision"
REMIND_ESCALATE = [{"at": -1, "do": "remind"}, {"at": 0, "do": "escalate"}]

ACKNOWLEDGE = {
    "key": "acknowledge",
    "title": "Acknowledge the complaint",
    "starts_on": "receive",
    "stops_on": "acknowledge",
    "unit": "working_hours",
    "amount": 8,
    "points": [{"at": -2, "do": "remind"}, {"at": 0, "do": "escalate"}],
}
ASSESS = {
    "key": "assess",
    "title": "Assess the complaint",
    "source": "ISO 10002 7.5",
    "starts_on": "receive,reopen",
    "stops_on": "assess,triage",
    "unit": "business_days",
    "amount": 5,
    "points": REMIND_ESCALATE,
}
REVIEW = {
    "key": "review",
    "title": "Internal review",
    "source": "ISO 10002 7.9; ISO 10003",
    "starts_on": "escalate",
    "stops_on": END,
    "unit": "calendar_days",
    "amount": 28,
    "pauses": True,
    "points": [{"at": -7, "do": "remind"}, {"at": 0, "do": "escalate"}],
}
SUMMARY_RESOLUTION = {
    "key": "summary_resolution",
    "title": "Resolution by close of the third business day (summary resolution)",
    "source": "FCA DISP 1.5.2R",
    "starts_on": "receive",
    "stops_on": "accept",
    "unit": "business_days",
    "amount": 3,
    "binding": False,
}

PROFILES = {
    Regime.ISO: {
        "applies_at_receipt": True,
        "rules": [
            {**ACKNOWLEDGE, "source": "ISO 10002 7.4"},
            ASSESS,
            {
                "key": "decide",
                "title": "Decide",
                "source": "ISO 10002 7.7 (by priority)",
                "starts_on": "assess",
                "stops_on": "decide",
                "unit": "business_days",
                "amount": 20,
                "by_priority": {"1": 5, "2": 10, "3": 20, "4": 30},
                "pauses": True,
                "points": [{"at": -3, "do": "remind"}, {"at": 0, "do": "escalate"}],
            },
            {
                "key": "final_response",
                "title": "Final response",
                "source": "ISO 10002 7.8 (the published response time)",
                "starts_on": "receive,reopen",
                "stops_on": END,
                "unit": "calendar_days",
                "amount": 56,
                "pauses": True,
                "promised": True,
                "points": [
                    {"at": -42, "do": "update"},
                    {"at": -28, "do": "update"},
                    {"at": -14, "do": "update"},
                    {"at": -7, "do": "remind"},
                    {"at": 0, "do": "escalate"},
                ],
            },
            REVIEW,
        ],
    },
    Regime.FCA: {
        "rules": [
            {**ACKNOWLEDGE, "title": "Prompt written acknowledgement", "source": "FCA DISP 1.6.1R"},
            ASSESS,
            SUMMARY_RESOLUTION,
            {
                "key": "final_response",
                "title": "Final response or holding response (eight weeks)",
                "source": "FCA DISP 1.6.2R",
                "starts_on": "receive,reopen",
                "stops_on": f"{END},send_holding_response",
                "unit": "calendar_days",
                "amount": 56,
                "promised": True,
                "points": [
                    {"at": -28, "do": "update"},
                    {"at": -10, "do": "remind"},
                    {"at": 0, "do": "escalate"},
                ],
            },
            REVIEW,
        ],
    },
    Regime.FCA_PSD: {
        "rules": [
            {**ACKNOWLEDGE, "title": "Prompt written acknowledgement", "source": "FCA DISP 1.6.1R"},
            ASSESS,
            SUMMARY_RESOLUTION,
            {
                "key": "final_response",
                "title": "Final response (15 business days)",
                "source": "FCA DISP 1.6.2AR",
                "starts_on": "receive,reopen",
                "stops_on": f"{END},send_holding_response",
                "unit": "business_days",
                "amount": 15,
                "promised": True,
                "points": [{"at": -5, "do": "remind"}, {"at": 0, "do": "escalate"}],
            },
            {
                "key": "final_response_extended",
                "title": "Final response after a holding reply (35 business days)",
                "source": "FCA DISP 1.6.2AR",
                "starts_on": "send_holding_response",
                "stops_on": END,
                "anchor": "receipt",
                "unit": "business_days",
                "amount": 35,
                "promised": True,
                "points": [{"at": -5, "do": "remind"}, {"at": 0, "do": "escalate"}],
            },
            REVIEW,
        ],
    },
    Regime.FDA: {
        "rules": [
            {
                **ASSESS,
                "title": "Review and evaluate the complaint",
                "source": "21 CFR 820.198(a)-(b)",
            },
            {
                "key": "reportability",
                "title": "Evaluate MDR reportability",
                "source": "21 CFR 820.198(a)(3)",
                "starts_on": "receive,reopen",
                "stops_on": "evaluate_reportability",
                "unit": "business_days",
                "amount": 5,
                "points": REMIND_ESCALATE,
            },
            {
                "key": "mdr_report",
                "title": "MDR report (30 calendar days from awareness)",
                "source": "21 CFR 803.50",
                "starts_on": "evaluate_reportability",
                "stops_on": "record_mdr_report:30_day",
                "condition": "mdr_30_day",
                "anchor": "given",
                "unit": "calendar_days",
                "amount": 30,
                "points": [{"at": -7, "do": "remind"}, {"at": 0, "do": "escalate"}],
            },
            {
                "key": "mdr_5_day_report",
                "title": "MDR 5-day report (remedial action needed or FDA asked)",
                "source": "21 CFR 803.53",
                "starts_on": "evaluate_reportability",
                "stops_on": "record_mdr_report:5_day",
                "condition": "mdr_5_day",
                "anchor": "given",
                "unit": "business_days",
                "amount": 5,
                "points": REMIND_ESCALATE,
            },
            {
                "key": "mdr_supplemental",
                "title": "Supplemental MDR report (30 calendar days from new information)",
                "source": "21 CFR 803.56",
                "starts_on": "evaluate_reportability",
                "stops_on": "record_mdr_report:supplemental",
                "condition": "mdr_supplemental",
                "anchor": "given",
                "unit": "calendar_days",
                "amount": 30,
                "points": [{"at": -7, "do": "remind"}, {"at": 0, "do": "escalate"}],
            },
            {
                "key": "final_response",
                "title": "Reply to the complainant",
                "source": "21 CFR 820.198(e)(8); ISO 10002 7.8",
                "starts_on": "receive,reopen",
                "stops_on": END,
                "unit": "calendar_days",
                "amount": 56,
                "pauses": True,
                "promised": True,
                "points": [{"at": -7, "do": "remind"}, {"at": 0, "do": "escalate"}],
            },
            REVIEW,
        ],
    },
}


def write(apps, organisation=None) -> None:
    """Write the default profiles (a migration calls this with its historical models).
    The ISO targets take the organisation's former settings where it had them."""
    Profile = apps.get_model("deadlines", "Profile")
    ClockRule = apps.get_model("deadlines", "ClockRule")
    former = {}
    if organisation is not None:
        former = {
            "assess": organisation.get("assessment_target_days"),
            "final_response": organisation.get("response_target_days"),
            "review": organisation.get("review_target_days"),
        }
    for regime, spec in PROFILES.items():
        profile, _ = Profile.objects.get_or_create(
            regime=regime.value,
            defaults={"applies_at_receipt": spec.get("applies_at_receipt", False)},
        )
        for rule in spec["rules"]:
            fields = dict(rule)
            if regime == Regime.ISO and former.get(fields["key"]):
                fields["amount"] = former[fields["key"]]
            key = fields.pop("key")
            ClockRule.objects.update_or_create(profile=profile, key=key, defaults=fields)


def ensure() -> None:
    """Write the defaults if no profile exists (tests that empty the database, a fresh
    installation restored without data)."""
    from django.apps import apps

    from .models import Profile

    if not Profile.objects.exists():
        write(apps)
