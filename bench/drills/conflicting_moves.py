"""Drill: conflicting moves raced on the same complaints (ISO 10002 4.9, 8.1: no update is
lost). For each of C complaints, `--per` moves run at once from as many threads, each
with its own database connection: assignments to different handlers, classifications into
different categories and acknowledgements. Then, for every complaint, the row must be what
its last event of each kind says (the assignee of the last `assigned`, the category of the
last `classified`), each move that returned must be in the trail exactly once, only one
acknowledgement may have succeeded, and the trail must verify (chain and replay).

    DATABASE_URL=postgres://root@127.0.0.1:5432/x python bench/drills/conflicting_moves.py

Makes and drops its own database (upheld_drill_moves on that server).
"""

import argparse
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Drill, Mailbox, report, verify_trail  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100)
    parser.add_argument("--per", type=int, default=10, help="moves raced on each complaint")
    parser.add_argument("--db-name", default="upheld_drill_moves")
    args = parser.parse_args()

    mailbox = Mailbox()
    drill = Drill(args.db_name, mailbox)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from upheld.complaints import lifecycle
    from upheld.complaints.actors import SYSTEM
    from upheld.complaints.errors import IllegalMove
    from upheld.complaints.events import data_of
    from upheld.complaints.models import Category, Complaint, Event
    from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER

    users = get_user_model().objects
    manager = users.create_user("drill-manager", email="m@drill.example")
    manager.groups.add(Group.objects.get(name=COMPLAINTS_MANAGER))
    handlers = []
    for i in range(3):
        handler = users.create_user(f"drill-handler{i}", email=f"h{i}@drill.example")
        handler.groups.add(Group.objects.get(name=HANDLER))
        handlers.append(handler)
    categories = [Category.objects.create(name=f"Drill area {i}") for i in range(3)]
    complaints = [
        lifecycle.receive(
            channel="phone",
            by=handlers[0],
            description=f"Drill complaint {i}.",
            complainant={"name": f"Person {i}", "email": f"p{i}@drill.example"},
            product="Current account",
            remedy_sought="Refund.",
        )
        for i in range(args.complaints)
    ]

    outcomes: Counter = Counter()
    lock = threading.Lock()

    def move(complaint_pk: int, n: int, barrier: threading.Barrier) -> None:
        kind = ("assign", "classify", "acknowledge")[n % 3]
        try:
            barrier.wait()
            complaint = Complaint.objects.get(pk=complaint_pk)
            if kind == "assign":
                lifecycle.assign(complaint, by=manager, assignee=handlers[n % len(handlers)])
            elif kind == "classify":
                lifecycle.classify(complaint, by=manager, category=categories[n % 3])
            else:
                lifecycle.acknowledge(complaint, by=SYSTEM, method="phone")
            result = "done"
        except IllegalMove:
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes[(kind, result)] += 1

    started = time.monotonic()
    for complaint in complaints:
        barrier = threading.Barrier(args.per)
        threads = [
            threading.Thread(target=move, args=(complaint.pk, n, barrier)) for n in range(args.per)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    raced_s = time.monotonic() - started

    lost, acknowledged_twice = [], 0
    for complaint in Complaint.objects.select_related("assignee", "category"):
        events = list(Event.objects.filter(complaint=complaint).order_by("seq"))
        assigned = [e for e in events if e.kind == "assigned"]
        classified = [e for e in events if e.kind == "classified"]
        if assigned and data_of(assigned[-1])["assignee"] != complaint.assignee.get_username():
            lost.append(f"{complaint.reference} assignee")
        if classified and data_of(classified[-1])["category_id"] != complaint.category_id:
            lost.append(f"{complaint.reference} category")
        acknowledged_twice += sum(e.kind == "acknowledged" for e in events) > 1
    moves = sum(outcomes.values())
    in_trail = Event.objects.filter(kind__in=["assigned", "classified", "acknowledged"]).count()
    done = sum(v for (_, result), v in outcomes.items() if result == "done")
    report(
        f"conflicting moves drill, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, PostgreSQL",
        f"{moves} moves raced, {args.per} at once on each of {args.complaints} complaints, "
        f"in {raced_s:.0f} s",
        f"outcomes: {dict(sorted(outcomes.items()))}",
        f"moves that returned: {done}; their events in the trails: {in_trail}",
        f"lost updates (row differs from its last event): {len(lost)} {lost[:5]}",
        f"complaints acknowledged more than once: {acknowledged_twice}",
        f"verify-trail: {verify_trail(drill)}",
    )
    drill.drop()


if __name__ == "__main__":
    main()
