"""Letters timed: how many decision letters a second Upheld writes (text from the template,
the checks, the PDF with Typst), against a reference measured in the same run, and a mass
run of holding responses done in batches of 200 with its progress.

    python bench/letters.py [--letters 1000] [--holding 10000] [--procs 2]

Runs on a scratch database beside the one DATABASE_URL points at (SQLite when unset).
`letters` FCA complaints are decided through the lifecycle and their final responses
queued (communicate_decision by letter); each is then produced as the worker produces it
(letters.service.OUTBOX.deliver: fill, check, PDF, digests), in `procs` processes. The
reference is the letter's own Typst layout rendered with fixed data (the PDF alone: no
database, template or checks), timed in the same processes just before: the ratio
letter/reference says what a letter costs beyond its PDF, on any machine at any load.
Then `holding` FCA complaints get a holding response each through the lifecycle's move,
started as one mass run (letters/mass.py) and done batch by batch, each letter then
produced. Prints the machine's load; timings are printed, never asserted.
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
REFERENCE_DATA = {
    "lang": "en",
    "title": "Reference",
    "org": {"name": "Demo Bank plc", "address_lines": ["1 High Street", "London"]},
    "logo": "",
    "recipient": ["Person", "1 Paper Lane", "Leeds"],
    "date": "1 December 2026",
    "reference_label": "Our reference:",
    "reference": "CMP-2026-000001",
    "subject": "Our final response",
    "blocks": [{"type": "par", "lines": [PARAGRAPH], "heading": False}] * 6,
    "closing": "Yours sincerely,",
    "signatory": "Complaints team",
    "enclosures": [],
    "enclosed_label": "Enclosed:",
    "page_label": "Page",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--holding", type=int, default=10000)
    parser.add_argument("--procs", type=int, default=2)
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
        pdf.render(REFERENCE_DATA)
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
    mass_run(args.holding, staff)


def mass_run(n: int, staff) -> None:
    from upheld.letters import mass
    from upheld.letters.mass_runs import MassRun
    from upheld.letters.models import Letter

    started = time.perf_counter()
    ids = [c.pk for c in receive(n, staff, "Holding")]
    print(f"{n} FCA complaints received in {time.perf_counter() - started:.0f} s; {load()}")
    queued_before = set(Letter.objects.filter(state="queued").values_list("pk", flat=True))
    run = MassRun.objects.create(
        action=MassRun.Action.HOLDING_RESPONSE,
        context={"reason": "We are waiting for the card scheme.", "expected_by": "2027-03-01"},
        complaint_ids=ids,
        total=len(ids),
        started_by=staff,
    )
    started = time.perf_counter()
    while mass.do_batch(run.pk):
        run.refresh_from_db()
        bar = "#" * (run.percent // 5)
        print(f"\r  [{bar:<20}] {run.handled}/{run.total}", end="", flush=True)
    moved = time.perf_counter() - started
    run.refresh_from_db()
    print(f"\r  [{'#' * 20}] {run.handled}/{run.total}; refused {run.refused}")
    from upheld.letters import service

    pks = list(
        Letter.objects.filter(state="queued")
        .exclude(pk__in=queued_before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    started = time.perf_counter()
    made = sum(service.OUTBOX.deliver(pk) == "sent" for pk in pks)
    produced = time.perf_counter() - started
    print(
        f"mass run of {n} holding responses in batches of 200: the moves (checked letters "
        f"queued) {moved:.0f} s = {run.done / moved:.0f}/s; {made} PDFs produced in one "
        f"process {produced:.0f} s = {made / produced:.1f}/s; {load()}"
    )


if __name__ == "__main__":
    main()
