"""Each template renders in each language under each regime; the PDF's own text (read back
with pypdf) carries what the letter must say (ISO 10002 7.4, 7.8, 7.9; DISP 1.5.4R, 1.6)."""

import pytest

from upheld.complaints import lifecycle
from upheld.letters import seed, service
from upheld.letters.kinds import Kind
from upheld.letters.models import Letter, Template

from .conftest import flat, pdf_text

REGIMES = ("iso", "fca", "fca_psd", "fda")
CONTEXT = {
    Kind.REQUEST_FOR_INFORMATION: {"question": "Which card did you pay with?"},
    Kind.HOLDING_RESPONSE: {
        "reason": "We are waiting for the card scheme.",
        "expected_by": "2027-02-01",
    },
    Kind.REFERRAL: {
        "other_firm": "Acme Payments Ltd",
        "other_firm_contact": "complaints@acme.example, 0300 000 0000",
        "reason": "They took the second payment.",
    },
    Kind.SURVEY_INVITATION: {"survey_url": "https://example.org/survey/abc"},
    Kind.SURVEY_REMINDER: {"survey_url": "https://example.org/survey/def"},
    Kind.TRACKING_LINK: {"tracking_url": "https://example.org/track/ghi"},
    Kind.PROGRESS_UPDATE: {"clock": "final_response", "due_at": "2027-01-25T23:59:59+00:00"},
    Kind.CLOSURE: {"message": "Thank you for your patience."},
    Kind.NOT_A_COMPLAINT: {"reason": "It was a compliment for the branch."},
}
# What each kind says, in each language (beyond the reference and the name).
SAYS = {
    ("en", Kind.DECISION): ["Our decision: upheld", "£1,234.50", "internal review"],
    ("es", Kind.DECISION): ["Nuestra decisión: estimada", "1.234,50 £", "revisión interna"],
    ("en", Kind.HOLDING_RESPONSE): ["We are waiting for the card scheme.", "1 February 2027"],
    ("es", Kind.HOLDING_RESPONSE): ["We are waiting for the card scheme.", "1 de febrero de 2027"],
    ("en", Kind.REQUEST_FOR_INFORMATION): ["Which card did you pay with?"],
    ("es", Kind.REQUEST_FOR_INFORMATION): ["Which card did you pay with?", "más información"],
    ("en", Kind.REFERRAL): ["Acme Payments Ltd", "complaints@acme.example"],
    ("es", Kind.REFERRAL): ["Acme Payments Ltd", "remitido"],
    ("en", Kind.SURVEY_INVITATION): ["https://example.org/survey/abc"],
    ("es", Kind.SURVEY_INVITATION): ["https://example.org/survey/abc", "Gracias"],
    ("en", Kind.SURVEY_REMINDER): ["https://example.org/survey/def", "only reminder"],
    ("es", Kind.SURVEY_REMINDER): ["https://example.org/survey/def", "único recordatorio"],
    ("en", Kind.TRACKING_LINK): ["https://example.org/track/ghi", "no longer opens"],
    ("es", Kind.TRACKING_LINK): ["https://example.org/track/ghi", "ya su reclamación"],
    ("en", Kind.PROGRESS_UPDATE): ["final response by 25 January 2027", "still working"],
    ("es", Kind.PROGRESS_UPDATE): ["respuesta final antes del 25 de enero de 2027"],
    ("en", Kind.ACKNOWLEDGEMENT): ["We have received your complaint"],
    ("es", Kind.ACKNOWLEDGEMENT): ["Hemos recibido su reclamación"],
    ("en", Kind.NOT_A_COMPLAINT): ["It was a compliment for the branch.", "free of charge"],
    ("es", Kind.NOT_A_COMPLAINT): ["It was a compliment for the branch.", "gratuita"],
}
FCA_FINAL = ["financial-ombudsman.org.uk", "0800 023 4567", "six months"]
FCA_FINAL_ES = ["financial-ombudsman.org.uk", "0800 023 4567", "seis meses"]


def produce(letter: Letter) -> Letter:
    assert service.OUTBOX.deliver(letter.pk) == "sent", Letter.objects.get(pk=letter.pk).last_error
    return Letter.objects.get(pk=letter.pk)


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", Kind.values)
def test_every_template_renders_a_pdf_that_says_what_it_must(
    decided, handler, kind, language, regime
):
    complaint = decided(
        complainant={
            "name": "Ada Lovelace",
            "postal_address": "12 Analytical Row\nLondon\nN1 9GU",
            "preferred_language": language,
        }
    )
    if regime != "iso":
        complaint = lifecycle.choose_regime(complaint, by=handler, regime=regime, reason="Bank.")
    letter = produce(service.send(complaint, kind, context=CONTEXT.get(kind, {}), by=handler))

    text = flat(pdf_text(letter.pdf))
    assert complaint.reference in text
    assert "Ada Lovelace" in text and "12 Analytical Row" in text  # the address block
    assert "Demo Bank plc" in text and "0300 123 4567" in text  # the letterhead
    assert flat(letter.subject) in text
    for phrase in SAYS.get((language, kind), []):
        assert phrase in text, phrase
    if regime in ("fca", "fca_psd") and kind in (Kind.DECISION, Kind.SUMMARY_RESOLUTION):
        for phrase in FCA_FINAL if language == "en" else FCA_FINAL_ES:
            assert phrase in text, phrase
        assert letter.enclosures and letter.enclosures[0]["filename"].endswith(".pdf")
    if kind == Kind.ACKNOWLEDGEMENT and regime == "fca":
        assert ("eight weeks" if language == "en" else "ocho semanas") in text
    if kind == Kind.ACKNOWLEDGEMENT and regime == "fca_psd":
        assert ("15 business days" if language == "en" else "15 días hábiles") in text
    # Kept: the template version it came from, what was sent and its digests.
    assert letter.template.kind == kind and letter.template.language == language
    assert letter.pdf_sha256 and letter.body_sha256 and letter.sent_at is not None


def test_the_defaults_cover_every_kind_in_both_languages(db):
    have = set(Template.objects.filter(regime="iso").values_list("kind", "language"))
    assert have == {(k, lang) for k in Kind.values for lang in ("en", "es")}
    # The FCA and payment-services ones: acknowledgement, holding response, decision, review
    # outcome, summary resolution, recourse and progress update (FCA), acknowledgement
    # (payment services).
    assert Template.objects.count() == len(have) + 16
    assert seed.load(Template) == 0  # loading again adds nothing


def test_a_changed_template_is_a_new_version_and_a_kept_letter_keeps_its_own(decided, handler):
    complaint = decided()
    first = produce(service.send(complaint, Kind.CLOSURE, by=handler))
    old = first.template
    Template.objects.create(
        kind=old.kind,
        regime=old.regime,
        language=old.language,
        version=old.version + 1,
        subject="Closed: {{ reference }}",
        body="Dear {{ salutation_name }}, it is closed.",
    )
    second = produce(service.send(complaint, Kind.CLOSURE, by=handler))
    assert second.template.version == old.version + 1
    assert "it is closed" in pdf_text(second.pdf)
    first.refresh_from_db()
    assert first.template == old and "We have closed your complaint" in pdf_text(first.pdf)


def test_the_worker_produces_a_letter_by_its_own_job(decided, handler, run_worker):
    letter = service.send(decided(), Kind.CLOSURE, channel="post", by=handler)
    run_worker()
    letter.refresh_from_db()
    assert letter.state == "sent" and letter.produced
    assert "We have closed your complaint" in pdf_text(letter.pdf)
