"""bench/desk.py's own fill: a year of a bank's complaints written with the database's own
bulk path (PostgreSQL COPY, SQLite executemany in one transaction), not through the
lifecycle — the bench measures reads. 5 teams of 10 handlers, a third of the complaints
open (due from three weeks late to eight weeks ahead, most assigned, most assessed), the
rest closed, CFPB narratives and issues as descriptions, in 20 areas × 10 topics of
categories, a message on one in twenty.

Only the columns that shape the desk are named; every other NOT NULL column gets its
model field's default, so a field added to a model later does not break the fill."""

import csv
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scratch import Scratch

SAMPLE = Path(__file__).resolve().parent.parent / "upheld" / "demo" / "data" / "cfpb_sample.csv"
TEAMS = ("Cards", "Current accounts", "Loans", "Mortgages", "Savings")
FIRST = "Ada Grace Alan Edsger Barbara Donald Frances Ken Radia Margaret John Katherine".split()
LAST = "Lovelace Hopper Turing Dijkstra Liskov Knuth Allen Thompson Perlman Hamilton".split()
OPEN_STATES = [
    ("received", 10),
    ("acknowledged", 15),
    ("assessed", 20),
    ("investigating", 35),
    ("awaiting_complainant", 8),
    ("escalated", 4),
    ("decided", 3),
    ("decision_communicated", 5),
]
COMPLAINT_COLUMNS = (
    "reference secret_hash external_reference channel received_at complainant_id "
    "representative_authority product description remedy_sought immediate_action "
    "people_involved status triage regime paused_from escalation_level complainant_answer "
    "closure_reason reopened_count trail_length trail_head team_id assignee_id priority "
    "next_due_at response_due_at closed_at category_id"
).split()
PERSON_COLUMNS = "name organisation email phone postal_address preferred_language".split()
PERSON_COLUMNS += ["accessibility_needs"]
MESSAGE_COLUMNS = "complaint_id direction channel sender subject body external_id at".split()


def texts() -> list[tuple[str, str]]:
    """(product, description) from the demo's CFPB rows: the narrative, or the issue."""
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        product = row["Product"] + (f" / {row['Sub-product']}" if row["Sub-product"] else "")
        said = row["Consumer complaint narrative"] or f"{row['Issue']}. {row['Sub-issue']}"
        out.append((product[:300], said[:800]))
    return out


class Fill:
    """The rows of the scratch database, made by one seeded random source."""

    def __init__(self, count: int, handlers: dict[int, list[int]], topics: list[int]):
        self.count, self.handlers, self.topics = count, handlers, topics
        self.random = random.Random(9)
        self.now = datetime.now(UTC)
        self.texts = texts()

    def person(self, i: int) -> tuple:
        r = self.random
        name = f"{r.choice(FIRST)} {r.choice(LAST)}{i % 997}"
        return (name, "", f"person{i}@example.org", "", "", "en", "")

    def complaint(self, i: int, person_id: int) -> tuple:
        r, now = self.random, self.now
        received = now - timedelta(days=r.uniform(0, 365), seconds=r.randint(0, 86399))
        product, description = self.texts[i % len(self.texts)]
        team = r.choice(list(self.handlers))
        is_open = r.random() < 0.33
        if is_open:
            status = r.choices([s for s, _ in OPEN_STATES], [w for _, w in OPEN_STATES])[0]
            due = now + timedelta(days=r.uniform(-21, 56), seconds=r.randint(0, 86399))
            assignee = (
                None
                if status in ("received", "acknowledged") or r.random() < 0.1
                else (r.choice(self.handlers[team]))
            )
            priority = None if status in ("received", "acknowledged") else r.randint(1, 4)
            closed, reason = None, ""
        else:
            status, due, reason = "closed", None, "final_response_issued"
            assignee, priority = r.choice(self.handlers[team]), r.randint(1, 4)
            closed = min(now, received + timedelta(days=r.uniform(1, 56)))
        return (
            f"BEN-{received.year}-{i:07d}",
            "",
            "",
            r.choice(["web", "email", "phone", "letter"]),
            received,
            person_id,
            "",
            product,
            description,
            "",
            "",
            "",
            status,
            "complaint" if priority else "",
            "iso",
            "",
            1 if status == "escalated" else 0,
            "",
            reason,
            0,
            0,
            "",
            team,
            assignee,
            priority,
            due,
            received + timedelta(days=56),
            closed,
            r.choice(self.topics),
        )

    def message(self, complaint_id: int) -> tuple:
        body = self.texts[self.random.randrange(len(self.texts))][1]
        return (complaint_id, "in", "email", "", "About my complaint", body, "", self.now)


def setup_people() -> tuple[dict[int, list[int]], object, object]:
    """Teams of handlers with a manager each, and the head of complaints (every team)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER
    from upheld.organisation.models import Membership, Team

    User = get_user_model()  # noqa: N806
    handlers: dict[int, list[int]] = {}
    for t, name in enumerate(TEAMS):
        team = Team.objects.create(name=name)
        for h in range(10):
            user = User.objects.create_user(f"handler{t}_{h}")
            user.groups.add(Group.objects.get(name=HANDLER))
            Membership.objects.create(team=team, person=user)
            handlers.setdefault(team.pk, []).append(user.pk)
    head = User.objects.create_user("head")
    head.groups.add(Group.objects.get(name=COMPLAINTS_MANAGER))
    handler = User.objects.get(username="handler0_0")
    return handlers, handler, head


def categories() -> list[int]:
    """20 areas of 10 topics each, as bench/fill.py's import makes them; the topics' ids."""
    from upheld.complaints.models import Category

    areas = Category.objects.bulk_create(Category(name=f"Area {a:02d}") for a in range(20))
    topics = [Category(name=f"Topic {t:02d}", parent=area) for area in areas for t in range(10)]
    return [c.pk for c in Category.objects.bulk_create(topics)]


def fill(scratch: Scratch, count: int) -> None:
    from django.db import connection

    handlers, _handler, _head = setup_people()
    rows = Fill(count, handlers, categories())
    start = time.perf_counter()
    batch = 50_000
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM complaints_person")
        first_person = cursor.fetchone()[0] + 1
    for lo in range(0, count, batch):
        hi = min(count, lo + batch)
        people = [rows.person(i) for i in range(lo, hi)]
        complaints = [rows.complaint(i, first_person + i) for i in range(lo, hi)]
        _write(scratch, "complaints_person", PERSON_COLUMNS, people)
        _write(scratch, "complaints_complaint", COMPLAINT_COLUMNS, complaints)
        print(f"  filled {hi:,} ({time.perf_counter() - start:.0f}s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM complaints_complaint WHERE id % 20 = 0")
        ids = [r[0] for r in cursor.fetchall()]
    _write(scratch, "complaints_correspondence", MESSAGE_COLUMNS, [rows.message(i) for i in ids])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  {count:,} complaints, {len(ids):,} messages in {time.perf_counter() - start:.0f}s")


def _write(scratch: Scratch, table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection, transaction

    extra, defaults = _defaults(table, columns)
    columns = columns + extra
    rows = [row + defaults for row in rows]
    names = ", ".join(columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if scratch.engine == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # As Django keeps them on SQLite: naive UTC text.
            rows = [tuple(_sqlite(v) for v in row) for row in rows]
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def _defaults(table: str, columns: list[str]) -> tuple[list[str], tuple]:
    """The table's NOT NULL columns this fill does not name, and their model defaults."""
    from django.apps import apps

    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    left = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.null and f.column not in columns
    ]
    return [f.column for f in left], tuple(f.get_default() for f in left)


def _sqlite(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return value
