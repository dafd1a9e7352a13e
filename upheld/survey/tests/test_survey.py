"""ISO 10002 8.3, ISO 10004: after closure the complainant is invited once — through the
outbox, in their language, by their channel — to a survey on the process; reminded once;
one answer per complaint, by a secret link with the tracking link's rules; never for
complaints closed as not a complaint or ended for unacceptable behaviour. The results are
kept for analysis and shown on the complaint's desk page."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.letters import text
from upheld.letters.models import Letter
from upheld.letters.service import printable
from upheld.notify.models import Message
from upheld.survey import invitations, selectors
from upheld.survey.models import QUESTIONS, Invitation, Response

pytestmark = pytest.mark.django_db
ANSWERS = {"ease": 4, "kept_informed": 2, "time_taken": 3, "fairness": 5, "understood_decision": 4}


@pytest.fixture
def closed(make_complaint, handler, category):
    def make(**overrides):
        c = make_complaint(**overrides)
        secret = c.secret
        lifecycle.assess(
            c,
            by=handler,
            severity=2,
            safety_implication=False,
            complexity=1,
            impact=1,
            immediate_action_needed=False,
        )
        lifecycle.investigate(c, by=handler)
        lifecycle.decide(c, by=handler, outcome="upheld", reasons="The fee was wrong.")
        person = c.complainant
        way = "email" if person.email else "letter" if person.postal_address else "phone"
        lifecycle.communicate_decision(c, by=handler, method=way)
        lifecycle.accept(c, by=COMPLAINANT)
        lifecycle.classify(c, by=handler, category=category)
        lifecycle.close(c, by=handler)
        c.refresh_from_db()
        c.secret = secret
        return c

    return make


def survey_link(complaint, kind="survey_invitation") -> str:
    return Message.objects.filter(complaint=complaint, kind=kind).latest("pk").pending_secret


def answer(client, secret, overall=5, comment="Quick and fair."):
    data = {f"survey-{k}": v for k, v in {**ANSWERS, "overall": overall}.items()}
    return client.post(f"/survey/{secret}", {**data, "survey-comment": comment})


def test_a_closed_complaint_is_invited_once_in_the_complainants_language(
    closed, run_worker, smtp_server
):
    c = closed(complainant={"name": "Ana", "email": "ana@example.org", "preferred_language": "es"})
    assert invitations.run() == {"invited": 1, "reminded": 0}
    assert invitations.run() == {"invited": 0, "reminded": 0}, "once"
    invitation = Invitation.objects.get(complaint=c)
    shown = (invitation.channel, invitation.language, invitation.outcome)
    assert shown == ("email", "es", "upheld")
    run_worker()
    [mail] = [m for m in smtp_server.to("ana@example.org") if "¿Cómo" in m["Subject"]]
    assert "¿Cómo tramitamos su reclamación" in mail["Subject"]
    assert f"/survey/{survey_link(c)}" in mail.get_content()


def test_the_invitation_and_the_reminder_are_written_from_their_templates_and_kept(
    client, closed, run_worker, smtp_server
):
    c = closed()
    invitations.run()
    run_worker()
    invitations.run(now=timezone.now() + timedelta(days=8))
    run_worker()

    asked = [
        m for m in smtp_server.to("ada@example.org") if "how did we handle" in m["Subject"].lower()
    ]
    links = []
    for mail, kind in zip(asked, ("survey_invitation", "survey_reminder"), strict=True):
        body = " ".join(mail.get_content().split())
        letter = c.letters.get(kind=kind)
        assert letter.channel == "email" and letter.template == text.current(kind, "iso", "en")
        [link] = re.findall(r"/survey/([\w-]+)", body)
        assert body == " ".join(letter.body.split()).replace("TRACKING-SECRET", link)
        assert c.reference in mail["Subject"] and link not in letter.body
        links.append(link)
    assert "only reminder" in asked[1].get_content()
    assert client.get(f"/survey/{links[0]}").status_code == 404, "replaced by the reminder's"
    assert client.get(f"/survey/{links[1]}").status_code == 200


def test_the_complainant_answers_once_by_the_invitations_link(client, closed):
    c = closed()
    invitations.run()
    secret = survey_link(c)
    page = client.get(f"/survey/{secret}")
    assert page.status_code == 200
    for question in QUESTIONS.values():
        assert str(question) in page.content.decode()
    assert answer(client, secret).status_code == 302
    response = Response.objects.get(invitation__complaint=c)
    assert response.scores() == {**ANSWERS, "overall": 5} and response.via == "invitation"
    assert answer(client, secret, overall=1).status_code == 200, "already answered: thanks"
    assert Response.objects.get().overall == 5, "one answer per complaint"


def test_a_missing_score_is_named_and_nothing_is_kept(client, closed):
    c = closed()
    invitations.run()
    response = client.post(f"/survey/{survey_link(c)}", {"survey-ease": "4"})
    assert response.status_code == 400
    assert 'href="#id_survey-overall_0"' in response.content.decode()
    assert client.post(f"/survey/{survey_link(c)}", {"survey-ease": "9"}).status_code == 400
    assert not Response.objects.exists()


def test_the_tracking_page_offers_the_survey_after_closure(client, closed):
    c = closed()
    assert 'id="open-survey"' not in client.get(f"/track/{c.secret}").content.decode()
    invitations.run()
    assert 'id="open-survey"' in client.get(f"/track/{c.secret}").content.decode()
    data = {f"survey-{k}": v for k, v in {**ANSWERS, "overall": 4}.items()}
    assert client.post(f"/track/{c.secret}/survey", data).status_code == 302
    assert Response.objects.get().via == "tracking page"
    html = client.get(f"/track/{c.secret}").content.decode()
    assert "we have your answers" in html and 'id="open-survey"' not in html


def test_one_reminder_with_a_new_link_that_replaces_the_first(client, closed, settings):
    c = closed()
    invitations.run()
    first = survey_link(c)
    later = timezone.now() + timedelta(days=8)
    assert invitations.run(now=later) == {"invited": 0, "reminded": 1}
    assert invitations.run(now=later + timedelta(days=30)) == {"invited": 0, "reminded": 0}
    second = survey_link(c, "survey_reminder")
    assert client.get(f"/survey/{first}").status_code == 404
    assert client.get(f"/survey/{second}").status_code == 200


def test_no_reminder_once_answered(client, closed):
    c = closed()
    invitations.run()
    answer(client, survey_link(c))
    assert invitations.run(now=timezone.now() + timedelta(days=8))["reminded"] == 0


def test_never_for_other_feedback_or_a_complaint_ended_for_unacceptable_behaviour(
    make_complaint, handler, manager
):
    feedback = make_complaint()
    lifecycle.triage(feedback, by=handler, is_complaint=False, reason="A compliment.")
    abusive = make_complaint()
    lifecycle.withdraw(abusive, by=manager, reason="Threats to staff.", abusive=True)
    withdrawn = make_complaint()
    lifecycle.withdraw(withdrawn, by=COMPLAINANT, reason="Sorted out.")
    assert invitations.run()["invited"] == 1
    assert list(Invitation.objects.values_list("complaint", flat=True)) == [withdrawn.pk]


def test_by_letter_when_post_is_the_only_way_and_never_without_a_way(client, closed, run_worker):
    by_post = closed(complainant={"name": "Ada", "postal_address": "1 Leeds Road, LS1 1AA"})
    phone_only = closed(complainant={"name": "Bob", "phone": "0113 496 0000"})
    invitations.run()
    letter = Letter.objects.get(complaint=by_post, kind="survey_invitation")
    assert letter.channel == "post" and letter.pending_secret
    run_worker()
    letter.refresh_from_db()
    assert "/survey/TRACKING-SECRET" in letter.body, "the kept letter never holds the secret"
    printed = "".join(p.extract_text() for p in PdfReader(BytesIO(printable(letter))).pages)
    assert f"/survey/{letter.pending_secret}" in printed.replace("\n", "")
    assert client.get(f"/survey/{letter.pending_secret}").status_code == 200
    assert not Invitation.objects.filter(complaint=phone_only).exists()


def test_complaints_closed_before_the_window_are_never_invited(closed, settings):
    c = closed()
    settings.UPHELD_SURVEY_WINDOW_DAYS = 30
    assert invitations.run(now=c.closed_at + timedelta(days=31))["invited"] == 0


def test_results_for_analysis_rate_per_question_team_channel_outcome(
    client, closed, django_assert_max_num_queries
):
    answered, silent = closed(), closed(channel="email")
    invitations.run()
    answer(client, survey_link(answered), overall=4)
    with django_assert_max_num_queries(5):
        results = selectors.results()
    assert (results.overall.invited, results.overall.answered) == (2, 1)
    assert results.overall.response_rate == 0.5
    assert results.overall.means["kept_informed"] == 2.0
    assert results.distribution["overall"] == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert results.by_channel["web"].answered == 1 and results.by_channel["email"].answered == 0
    assert results.by_outcome["upheld"].invited == 2
    assert None in results.by_team
    [row] = [r for r in selectors.rows() if r["response__overall"] is not None]
    assert row["complaint_id"] == answered.pk and row["response__comment"] == "Quick and fair."
    assert silent.pk in [r["complaint_id"] for r in selectors.rows()]


def test_the_desk_page_shows_the_answers(client, closed, manager):
    c = closed()
    invitations.run()
    answer(client, survey_link(c), overall=4, comment="Kept waiting for news.")
    client.force_login(manager)
    html = client.get(f"/desk/complaints/{c.reference}/").content.decode()
    assert 'id="survey-answers"' in html and "Kept waiting for news." in html
    assert str(QUESTIONS["kept_informed"]) in html
