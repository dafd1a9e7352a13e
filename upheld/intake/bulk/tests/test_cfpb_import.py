"""ISO 10002 7.2: complaints kept elsewhere come in by bulk import, each with its reference,
its classification (8.2), its trail (4.9) and, when the source shows it answered, its
decision and closure (7.7–7.9) — and nothing is lost: every row is kept or named in the
rejects file with the reason."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from upheld.complaints import lifecycle
from upheld.complaints.actors import SYSTEM
from upheld.complaints.errors import InvalidInput
from upheld.complaints.events import data_of
from upheld.complaints.models import Complaint, Decision, Event, RemedyState, Status
from upheld.complaints.selectors import complaint_for_secret
from upheld.complaints.verification import verify_all
from upheld.intake.bulk import cfpb
from upheld.intake.bulk.runner import ImportRefused, import_file

from .readback import SAMPLE, db_counts, file_counts, file_rows, read_back

pytestmark = pytest.mark.django_db


def run(path=SAMPLE, **kwargs):
    return import_file(path, fmt="cfpb", progress=False, **kwargs)


def test_every_row_of_the_export_becomes_a_complaint_with_an_intact_trail(org):
    summary = run()
    assert (summary.read, summary.created, summary.skipped, summary.rejected) == (200, 200, 0, 0)
    assert Complaint.objects.count() == 200
    assert all(problem is None for _, problem in verify_all())


def test_each_row_reads_back_field_for_field(org):
    run()
    rows = file_rows(SAMPLE)
    by_id = {
        c.external_reference: c
        for c in Complaint.objects.select_related("category__parent__parent")
    }
    for row in rows:
        assert read_back(by_id[row["Complaint ID"]]) == row


def test_counts_by_product_and_by_submitted_via_equal_the_files(org):
    run()
    products, channels, _ = file_counts(SAMPLE)
    assert db_counts() == (products, channels)


def test_channel_comes_from_submitted_via(org):
    run()
    for row in file_rows(SAMPLE):
        complaint = Complaint.objects.get(external_reference=row["Complaint ID"])
        assert complaint.channel == cfpb.CHANNELS[row["Submitted via"]]
        assert complaint.received_at.isoformat() == row["Date received"] + "T00:00:00+00:00"


def test_company_response_becomes_the_closed_state_and_the_outcome(org):
    run()
    for row in file_rows(SAMPLE):
        complaint = Complaint.objects.get(external_reference=row["Complaint ID"])
        response = row["Company response to consumer"]
        kinds = [e.kind for e in complaint.events.all()]
        if cfpb.RESPONSES[response] is None:
            assert complaint.status == Status.RECEIVED
            assert kinds == ["received"]
            received = data_of(complaint.events.get())
            assert received["classified"]["category_id"] == complaint.category_id
            continue
        outcome, remedies = cfpb.RESPONSES[response]
        assert complaint.status == Status.CLOSED
        assert complaint.closure_reason == "final_response_issued"
        assert complaint.category_id is not None
        decision = Decision.objects.get(complaint=complaint)
        assert decision.outcome == outcome and response in decision.reasons
        assert [(r.kind, r.state) for r in decision.remedies.all()] == [
            (kind, RemedyState.CARRIED_OUT) for kind, _ in remedies
        ]
        assert complaint.decided_at and complaint.decision_communicated_at
        assert complaint.closed_at and decision.communicated_at
        # The history the CFPB shows is one `imported` event, holding every step and the
        # source record it was made from.
        assert kinds == ["imported"]
        history = data_of(complaint.events.get())
        assert history["imported"] is True
        assert cfpb.source_fields(history["import"])["Company response to consumer"] == response
        assert history["classified"]["category_id"] == complaint.category_id
        assert history["decided"]["decision_id"] == decision.pk
        assert history["decided"]["outcome"] == outcome
        assert history["decided"]["remedy_ids"] == [r.pk for r in decision.remedies.all()]
        assert history["decision_communicated"]["method"] == decision.communicated_by
        assert history["closed"]["reason"] == "final_response_issued"
        assert history["closed"]["timely_response"] == (row["Timely response?"] == "Yes")
        assert history["closed"]["consumer_disputed"] == {"Yes": True, "No": False}.get(
            row["Consumer disputed?"]
        )


def test_monetary_relief_is_a_refund_carried_out_whose_amount_is_not_known(org):
    run()
    complaint = (
        Complaint.objects.filter(decisions__remedies__kind="refund")
        .select_related("complainant")
        .first()
    )
    remedy = complaint.decisions.get().remedies.get()
    assert remedy.amount is None and remedy.currency == "USD"
    assert "does not publish the amount" in remedy.description


def test_no_narrative_is_no_reason_to_refuse_the_row(org):
    run()
    row = next(r for r in file_rows(SAMPLE) if not r["Issue"])
    complaint = Complaint.objects.get(external_reference=row["Complaint ID"])
    assert complaint.description.startswith("No narrative in the CFPB export")
    assert f"Product: {row['Product']}." in complaint.description
    assert [c.name for c in [complaint.category]] == [row["Product"]]


def test_the_consumer_is_reached_through_the_cfpb_portal_and_no_acknowledgement_is_sent(org):
    run()
    row = next(r for r in file_rows(SAMPLE) if "Older American" in r["Tags"])
    complaint = Complaint.objects.select_related("complainant").get(
        external_reference=row["Complaint ID"]
    )
    person = complaint.complainant
    assert person.reachable and not person.email
    assert f"CFPB company portal, complaint {row['Complaint ID']}" in person.postal_address
    assert person.accessibility_needs == "Older American (CFPB tag)"
    assert complaint.acknowledged_at is None
    from upheld.notify.models import Message

    assert not Message.objects.exists()


def test_an_imported_complaint_has_no_private_tracking_link(org, client):
    """Nobody could be given the link (no acknowledgement goes out): the consumer follows
    the complaint on the CFPB portal. No secret is stored, so no link opens it."""
    run()
    assert not Complaint.objects.exclude(secret_hash="").exists()
    assert complaint_for_secret("") is None
    assert client.get("/track/x").status_code == 404


def test_columns_in_another_order_and_columns_beyond_the_export_read_back(org, tmp_path):
    rows = file_rows(SAMPLE)[:20]
    columns = [*reversed(list(rows[0])), "Our note"]
    path = tmp_path / "reordered.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows({**row, "Our note": f"note {i}"} for i, row in enumerate(rows))
    assert run(path).created == 20
    for i, row in enumerate(rows):
        complaint = Complaint.objects.get(external_reference=row["Complaint ID"])
        assert read_back(complaint) == {**row, "Our note": f"note {i}"}


def test_importing_the_same_file_again_creates_nothing(org):
    run()
    events = Event.objects.count()
    again = run()
    assert (again.created, again.skipped, again.rejected) == (0, 200, 0)
    assert Complaint.objects.count() == 200 and Event.objects.count() == events


def _with_bad_rows(tmp_path):
    """The sample with bad rows among the good ones; returns the file and their lines."""
    rows = file_rows(SAMPLE)
    out, bad = io.StringIO(), {}
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    breakages = {
        10: ("Date received", "30/01/2012", "Date received '30/01/2012' is not a date"),
        50: ("Complaint ID", "", "Complaint ID is empty"),
        90: ("Company response to consumer", "Lost", "Company response to consumer 'Lost'"),
        120: ("Date received", "2099-01-01", "received_at: A complaint cannot be received"),
        150: ("Date received", "0001-01-01", "received_at: Give a date in 1900 or later."),
    }
    for i, row in enumerate(rows):
        if i in breakages:
            column, value, reason = breakages[i]
            bad[out.getvalue().count("\n") + 1] = reason
            row = {
                **row,
                column: value,
                "Complaint ID": row["Complaint ID"] + "x" if column != "Complaint ID" else "",
            }
        writer.writerow(row)
    bad[out.getvalue().count("\n") + 1] = "The row has 3 fields; the header has 18."
    out.write("2020-01-01,Mortgage,oops\n")
    path = tmp_path / "bad.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, bad


def test_bad_rows_go_to_the_rejects_file_with_line_and_reason_and_good_rows_are_kept(org, tmp_path):
    path, bad = _with_bad_rows(tmp_path)
    rejects = tmp_path / "rejects.csv"
    summary = run(path, rejects=rejects)
    assert (summary.read, summary.created, summary.rejected) == (201, 195, 6)
    with open(rejects, newline="", encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert sorted(int(r["line"]) for r in written) == sorted(bad)
    for r in written:
        assert bad[int(r["line"])] in r["reason"]
    assert Complaint.objects.count() == 195
    assert all(problem is None for _, problem in verify_all())


def test_an_imported_open_complaint_carries_on_through_the_lifecycle(org, handler):
    run()
    complaint = Complaint.objects.filter(status=Status.RECEIVED).first()
    lifecycle.acknowledge(complaint, by=SYSTEM, method="cfpb_portal")
    assessment = {
        "severity": 2,
        "safety_implication": False,
        "complexity": 1,
        "impact": 1,
        "immediate_action_needed": False,
    }
    with pytest.raises(InvalidInput) as refused:  # the CFPB does not say what was asked for
        lifecycle.assess(complaint, by=handler, **assessment)
    assert list(refused.value.errors) == ["remedy_sought"]
    lifecycle.assess(complaint, by=handler, **assessment, remedy_sought="not stated")
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSESSED and complaint.trail_length == 3
    assert complaint.remedy_sought == "not stated"
    assert all(problem is None for _, problem in verify_all())


def test_the_command_reports_what_happened(org, tmp_path, capsys):
    path, _ = _with_bad_rows(tmp_path)
    rejects = tmp_path / "rejects.csv"
    call_command(
        "import_complaints",
        str(path),
        "--format",
        "cfpb",
        "--rejects",
        str(rejects),
        "--batch-size",
        "50",
        "--no-progress",
    )
    out = capsys.readouterr().out
    assert "201 rows read: 195 complaints created, 0 already imported, 6 rejected" in out
    assert f"see {rejects}" in out


def test_a_file_that_is_not_a_cfpb_export_is_refused_whole(org, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a CFPB export: missing columns Date received"):
        call_command("import_complaints", str(path), "--no-progress")
    assert not Complaint.objects.exists()


def test_a_complaints_manager_may_import_and_is_named_in_the_trail(org, manager, tmp_path):
    call_command("import_complaints", str(SAMPLE), "--by", "manager", "--no-progress")
    received = Event.objects.filter(seq=1).first()
    assert received.actor_id == manager.pk
    assert received.actor_label == "manager (import from cfpb)"
    decision = Decision.objects.select_related("decided_by").first()
    assert decision.decided_by.username == "upheld-import"
    assert not decision.decided_by.is_active and not decision.decided_by.has_usable_password()


def test_a_handler_may_not_import(org, handler):
    with pytest.raises(CommandError, match="Only a complaints manager can import"):
        call_command("import_complaints", str(SAMPLE), "--by", "handler", "--no-progress")
    assert not Complaint.objects.exists()


def test_a_row_classified_in_a_category_no_longer_in_use_is_rejected(org, tmp_path):
    from upheld.complaints.models import Category

    row = next(r for r in file_rows(SAMPLE) if not r["Issue"])
    Category.objects.create(name=row["Product"], active=False)
    rejects = tmp_path / "rejects.csv"
    summary = run(rejects=rejects)
    assert (summary.created, summary.rejected) == (199, 1)
    with open(rejects, newline="", encoding="utf-8") as f:
        [written] = list(csv.DictReader(f))
    assert written["Complaint ID"] == row["Complaint ID"]
    assert "is no longer in use" in written["reason"]


def test_a_complaint_listed_twice_in_the_file_is_imported_once(org, tmp_path):
    rows = file_rows(SAMPLE)
    path = tmp_path / "twice.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        # Again in the last batch: two from the first batch, three from the one before.
        writer.writerows(rows[:30] + rows[:2] + rows[25:28])
    summary = run(path, batch_size=10)
    assert (summary.read, summary.created, summary.skipped) == (35, 30, 5)
    assert Complaint.objects.count() == 30
    assert all(problem is None for _, problem in verify_all())


def test_a_row_holding_a_nul_character_is_rejected_and_the_others_kept(org, tmp_path):
    rows = file_rows(SAMPLE)[:20]
    rows[7] = {**rows[7], "Company": "Acme\x00Bank"}
    path = tmp_path / "nul.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    rejects = tmp_path / "rejects.csv"
    summary = run(path, rejects=rejects, batch_size=5)
    assert (summary.created, summary.rejected) == (19, 1)
    with open(rejects, newline="", encoding="utf-8") as f:
        [written] = list(csv.DictReader(f))
    assert written["line"] == "9" and "NUL character" in written["reason"]
    assert all(problem is None for _, problem in verify_all())


def test_a_batch_the_database_refuses_stops_the_import_and_the_batches_before_are_kept(
    org, handler, make_complaint, tmp_path
):
    # A reference the counter does not know of, as a restore from an old backup could leave:
    # the second batch of ten is given UPH-2013-000015 again.
    taken = make_complaint(by=handler, received_at=datetime(2013, 3, 1, tzinfo=UTC))
    Complaint.objects.filter(pk=taken.pk).update(
        reference=taken.reference.replace("000001", "000015")
    )
    rows = [{**row, "Date received": "2013-03-01"} for row in file_rows(SAMPLE)[:30]]
    path = tmp_path / "2013.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ImportRefused) as refused:
        run(path, batch_size=10)
    assert "stopped at the batch that starts on line 12" in str(refused.value)
    assert "The 10 complaints before it are kept" in str(refused.value)
    assert Complaint.objects.count() == 1 + 10
    # (the complaint whose reference was changed above no longer verifies, rightly)
    assert all(problem is None for c, problem in verify_all() if c.pk != taken.pk)


def test_tabs_backslashes_and_line_breaks_in_any_field_read_back_exactly(org, tmp_path):
    """The database's bulk format gives these characters a meaning of their own: each row
    that holds one must still be stored as it was written."""
    rows = file_rows(SAMPLE)[:6]
    odd = [
        "tab\there",
        "back\\slash \\N",
        "line\nbreak",
        "carriage\r\nreturn",
        "plain",
        "all\t\\\r\n of them\\",
    ]
    for row, text in zip(rows, odd, strict=True):
        row["Consumer complaint narrative"] = f"My complaint: {text}"
        row["Company"] = f"Bank {text}"
        row["Company public response"] = text
    path = tmp_path / "odd.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert run(path).created == 6
    for row in rows:
        complaint = Complaint.objects.get(external_reference=row["Complaint ID"])
        assert read_back(complaint) == row
    assert all(problem is None for _, problem in verify_all())


def test_imported_history_is_not_sent_to_webhook_subscribers_as_news(org):
    from upheld.api.models import WebhookDelivery, WebhookSubscription

    WebhookSubscription.objects.create(url="https://crm.example.org/hook", event_kinds=["*"])
    assert run().created == 200
    assert not WebhookDelivery.objects.exists()
