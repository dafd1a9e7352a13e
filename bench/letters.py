"""Letters timed at the issue's sizes (issue 10): how many decision letters a second Upheld
writes (text from the template, the checks, the PDF with Typst), and a mass run of holding
responses done by the worker in batches of 200 with its progress, each beside references
measured in the same run, with the ratios printed.

    python bench/letters.py [--letters 1000] [--holding 10000] [--procs 2] [--workers 2]

Runs on a scratch database beside the one DATABASE_URL points at (SQLite when unset).

1. `letters` FCA complaints (a postal address only) are decided through the lifecycle and
   their final responses queued (communicate_decision by letter); each is then produced as
   the worker produces it (letters.service.OUTBOX.deliver: fill, check, PDF, digests), in
   `procs` processes. References: the letter's own Typst layout rendered with fixed data
   (the PDF alone: no database, template or checks), timed in the same processes just
   before; and a plain driver write of the same rows (text, PDF, digests: `executemany` in
   one transaction), the floor of keeping them.
2. `holding` FCA complaints get a holding response each through the lifecycle's move,
   started as one mass run (letters/mass.py) and done by `workers` real `upheld worker`
   processes — the run's batches one after another, the letters produced beside them —
   while the bench prints the progress; reference: the plain driver write of the same
   letters' rows.

Prints the machine's load; timings are printed, never asserted.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import Scratch  # noqa: E402 — bench/ is not a package

# The reference: the letter's own Typst layout with fixed data (one page, the same fonts),
# rendered by the same compiler — the PDF alone, without the database, template or checks.
PARAGRAPH = "We have finished looking into your complaint, which we received in November. " * 4
REFERENCE = {  # pdf.layout's arguments: the same data the letters give it
    "language": "en",
    "org": {
        "name": "Demo Bank plc",
        "address_lines": ["1 High Street", "London"],
        "phone": "0300 123 4567",
        "email": "complaints@demo-bank.example",
    },
    "reference": "CMP-2026-000001",
    "recipient": ["Person", "1 Paper Lane", "Leeds"],
    "date": "1 December 2026",
    "subject": "Our final response",
    "blocks": [{"type": "par", "lines": [PARAGRAPH], "heading": False}] * 6,
    "signatory": "Complaints team",
    "enclosures": [],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--holding", type=int, default=10000)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="upheld-bench-letters-"))
    scratch = Scratch.beside(os.environ.get("DATABASE_URL", ""), tmp, "upheld_bench_letters")
    os.environ.update(
        DATABASE_URL=scratch.url,
        UPHELD_DATA_DIR=str(tmp),
        DJANGO_SETTINGS_MODULE="upheld.project.settings",
    )
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    scratch.create()
    try:
        run(args, scratch)
    finally:
        from django.db import connections

        connections.close_all()
        scratch.drop()


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def setup_world():
    """The letterhead, the ombudsman with its leaflet, the FCA at receipt, a handler."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile

    from upheld.complaints.roles import COMPLAINTS_MANAGER
    from upheld.deadlines import seed
    from upheld.deadlines.models import Profile
    from upheld.letters.models import LetterSettings
    from upheld.organisation.models import ExternalBody, Organisation

    org = Organisation.current()
    org.name, org.postal_address = "Demo Bank plc", "1 High Street\nLondon\nEC1A 1AA"
    org.save()
    ExternalBody.objects.create(
        name="Financial Ombudsman Service",
        website="https://www.financial-ombudsman.org.uk",
        phone="0800 023 4567",
        postal_address="Financial Ombudsman Service\nExchange Tower\nLondon\nE14 9SR",
    )
    row = LetterSettings.current()
    row.fos_leaflet.save("leaflet.pdf", ContentFile(b"%PDF-1.4 leaflet"), save=False)
    row.save()
    seed.ensure()
    Profile.objects.update(applies_at_receipt=False)
    Profile.objects.filter(regime="fca").update(applies_at_receipt=True)
    user = get_user_model().objects.create_user("bench", password="x-bench-password-1")
    user.groups.add(Group.objects.get(name=COMPLAINTS_MANAGER))
    return get_user_model().objects.get(pk=user.pk)


def receive(n: int, by, tag: str) -> list:
    from upheld.complaints import lifecycle

    return [
        lifecycle.receive(
            channel="letter",
            description=f"{tag} {i}: charged twice.",
            complainant={"name": f"Person {i}", "postal_address": f"{i} Paper Lane\nLeeds"},
            product="Current account",
            remedy_sought="Refund.",
            by=by,
            acknowledge=False,  # the acknowledgement's letter is not what is measured here
        )
        for i in range(n)
    ]


def decide_all(complaints: list, by) -> list[int]:
    """Each complaint decided with a refund and its final response queued by letter."""
    from upheld.complaints import lifecycle

    scores = {"severity": 2, "safety_implication": False, "complexity": 2, "impact": 1}
    remedies = [{"kind": "refund", "amount": "1234.50", "currency": "GBP"}]
    for c in complaints:
        c = lifecycle.assess(c, by=by, immediate_action_needed=False, **scores)
        c = lifecycle.investigate(c, by=by)
        c = lifecycle.decide(
            c, by=by, outcome="upheld", reasons="Charged twice.", remedies=remedies
        )
        lifecycle.communicate_decision(c, by=by, method="letter")
    from upheld.letters.models import Letter

    queued = Letter.objects.filter(state="queued", kind="decision").order_by("pk")
    return list(queued.values_list("pk", flat=True))


def produce(pks: list[int]) -> tuple[float, float, int]:
    """(reference ms p50, seconds producing, letters produced) in this process."""
    import django

    django.setup()
    from django.db import connections

    from upheld.letters import pdf, service

    connections.close_all()  # a forked process opens its own connection
    reference = []
    for _ in range(30):
        started = time.perf_counter()
        pdf.render(pdf.layout(**REFERENCE))
        reference.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    sent = sum(service.OUTBOX.deliver(pk) == "sent" for pk in pks)
    return statistics.median(reference[5:]), time.perf_counter() - started, sent


def run(args, scratch: Scratch) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    staff = setup_world()
    print(f"{scratch.describe()}; {load()}")
    started = time.perf_counter()
    pks = decide_all(receive(args.letters, staff, "Decision"), staff)
    print(f"{len(pks)} final responses decided and queued in {time.perf_counter() - started:.0f} s")
    from django.db import connections

    connections.close_all()
    chunks = [pks[i :: args.procs] for i in range(args.procs)]
    wall = time.perf_counter()
    with get_context("fork").Pool(args.procs) as pool:
        results = pool.map(produce, chunks)
    wall = time.perf_counter() - wall
    made = sum(r[2] for r in results)
    ref = statistics.median(r[0] for r in results)
    per_letter = statistics.mean(r[1] / max(r[2], 1) for r in results) * 1000
    print(
        f"decision letters (text + checks + PDF): {made} in {wall:.1f} s on {args.procs} "
        f"processes = {made / wall:.1f} letters/s; {per_letter:.1f} ms a letter in a process; "
        f"reference (the letter's Typst layout alone, fixed data) {ref:.1f} ms: "
        f"letter = ×{per_letter / ref:.2f}; {load()}"
    )
    floor = plain_write(pks)
    print(
        f"  reference: the same {len(pks)} letters' rows written with the driver "
        f"{floor:,.0f} rows/s; letters/s ÷ that = 1/{floor / (made / wall):,.0f}"
    )
    mass_run(args, staff)


COPY_COLUMNS = (
    "complaint_id, kind, regime, language, channel, subject, body, pdf, pdf_sha256, body_sha256"
)


def plain_write(pks: list[int]) -> float:
    """Rows per second of a plain driver write of the same letters' rows (text, PDF and
    digests, as kept) into a table of the same columns: `executemany`, one transaction."""
    from django.db import connection, transaction

    from upheld.letters.models import Letter

    rows = list(Letter.objects.filter(pk__in=pks).values_list(*COPY_COLUMNS.split(", ")))
    rows = [(*r[:7], bytes(r[7]), *r[8:]) for r in rows]
    blob = "bytea" if connection.vendor == "postgresql" else "blob"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_letter_copy")
        cursor.execute(
            "CREATE TABLE bench_letter_copy (complaint_id integer, kind varchar(32), regime "
            "varchar(8), language varchar(10), channel varchar(8), subject varchar(300), "
            f"body text, pdf {blob}, pdf_sha256 varchar(64), body_sha256 varchar(64))"
        )
    marks = ", ".join(["%s"] * 10)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO bench_letter_copy ({COPY_COLUMNS}) VALUES ({marks})", rows)
    return len(rows) / (time.perf_counter() - started)


def workers(count: int) -> list:
    import subprocess

    command = [sys.executable, "-m", "upheld", "worker", "--batch", "--no-periodic"]
    command += ["--interval", "0", "--no-startup-delay", "-v", "0"]
    return [subprocess.Popen(command, env=os.environ.copy()) for _ in range(count)]


def mass_run(args, staff) -> None:
    """A mass run of holding responses done by real worker processes, with its progress."""
    from django.db import connections

    from upheld.letters import mass
    from upheld.letters.mass_runs import MassRun
    from upheld.letters.models import Letter

    started = time.perf_counter()
    ids = [c.pk for c in receive(args.holding, staff, "Holding")]
    print(f"{args.holding} FCA complaints received in {time.perf_counter() - started:.0f} s")
    context = {"reason": "We are waiting for the card scheme.", "expected_by": "2027-03-01"}
    run = mass.start(MassRun.Action.HOLDING_RESPONSE, ids, by=staff, context=context)
    letters = Letter.objects.filter(kind="holding_response")
    connections.close_all()
    started = time.perf_counter()
    running, shown = workers(args.workers), 0.0
    while True:
        time.sleep(2)
        run.refresh_from_db()
        produced = letters.filter(state="sent").count()
        elapsed = time.perf_counter() - started
        finished = run.finished_at is not None and produced + run.refused >= run.total
        if elapsed - shown >= 30 or finished:
            shown = elapsed
            print(
                f"  {elapsed:5.0f} s  batches: {run.handled}/{run.total} moves "
                f"({run.percent} %), refused {run.refused}; letters produced {produced}; "
                f"{load()}",
                flush=True,
            )
        if finished:
            break
        for i, process in enumerate(running):  # a batch worker ends when it finds no job
            if process.poll() is not None:
                running[i] = workers(1)[0]
    wall = time.perf_counter() - started
    for process in running:
        process.wait()
    done = run.done
    moves_done = (run.finished_at - run.created_at).total_seconds()
    pks = list(letters.values_list("pk", flat=True))
    floor = plain_write(pks)
    print(
        f"mass run of {args.holding} holding responses by {args.workers} workers in batches "
        f"of {mass.BATCH}: the moves (checked letters queued) in {moves_done:.0f} s = "
        f"{done / moves_done:.1f}/s, every letter produced after {wall:.0f} s = "
        f"{len(pks) / wall:.1f} letters/s, {run.refused} refused; {load()}"
    )
    print(
        f"  reference: the same {len(pks)} letters' rows written with the driver "
        f"{floor:,.0f} rows/s; letters/s ÷ that = 1/{floor / (len(pks) / wall):,.0f}"
    )


if __name__ == "__main__":
    main()
