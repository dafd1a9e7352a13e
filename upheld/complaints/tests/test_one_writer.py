"""One writer (issue 7): only the lifecycle (upheld/complaints/lifecycle) changes a
complaint's state or appends to its trail. This reads every shipped module of Upheld with
`ast` (writers.py says what counts as a write) and fails naming the file and line of each
write found elsewhere; the planted writes below show that it does."""

import subprocess
from pathlib import Path

import pytest

from .writers import Writes, checked_files, violations

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def writes():
    return Writes.from_models()


def test_nothing_outside_the_lifecycle_writes_a_complaint_or_its_trail(writes):
    found = [
        v
        for path in checked_files(ROOT)
        for v in violations(path.read_text(encoding="utf-8"), writes, str(path.relative_to(ROOT)))
    ]
    assert found == [], "only upheld/complaints/lifecycle may write these:\n" + "\n".join(found)


def test_the_guarded_fields_come_from_the_model(writes):
    assert {"status", "priority", "assignee", "trail_length", "trail_head"} <= writes.fields
    assert {"acknowledged_at", "closed_at", "response_due_at", "involved_users"} <= writes.fields
    assert "id" not in writes.fields


PLANTED = {
    "state on a complaint": "def f(complaint):\n    complaint.status = 'closed'\n",
    "a field only complaints have, on any object": "def f(x):\n    x.trail_head = 'ab'\n",
    "in a tuple": "def f(c):\n    c.status, c.closed_at = 'closed', now\n",
    "augmented": "def f(c):\n    c.trail_length += 1\n",
    "setattr": "def f(c):\n    setattr(c, 'priority', 1)\n",
    "save": "def f(complaint):\n    complaint.save()\n",
    "save of a related complaint": "def f(message):\n    message.complaint.save()\n",
    "queryset update": "Complaint.objects.filter(pk=1).update(status='closed')\n",
    "related manager update": "org.complaints.filter(x=1).update(assignee=None)\n",
    "create": "Complaint.objects.create(reference='X')\n",
    "bulk_create": "Complaint.objects.bulk_create([])\n",
    "a new complaint row": "Complaint(reference='X').save()\n",
    "trail: create": "Event.objects.create(complaint=c, seq=2)\n",
    "trail: bulk_create": "Event.objects.bulk_create(rows)\n",
    "trail: related": "complaint.events.create(seq=2)\n",
    "trail: append": "from upheld.complaints import events\nevents.append(c, 'x', a, {})\n",
    "trail: append, relative": "from .. import events\nevents.append(c, 'x', a, {})\n",
    "m2m": "def f(complaint, users):\n    complaint.involved_users.set(users)\n",
    "the model's own method": (
        "class Complaint(Model):\n    def close(self):\n"
        "        self.status = 'closed'\n        self.save()\n"
    ),
}


@pytest.mark.parametrize("source", PLANTED.values(), ids=PLANTED.keys())
def test_a_planted_write_is_found(writes, source):
    assert violations(source, writes, "planted.py")


INNOCENT = {
    "another class's own attribute": "class E:\n    def __init__(self):\n        self.status = 1\n",
    "a message's state": "def f(message):\n    message.state = 'sent'\n    message.save()\n",
    "a shared name on another object": "def f(message):\n    message.channel = 'email'\n",
    "an update not naming complaint fields": "Message.objects.filter(x=1).update(state='x')\n",
    "a list called events": "events = []\nevents.append(1)\n",
    "a dict update": "data.update(status='x')\n",
    "reading": "Complaint.objects.filter(status='closed').count()\n",
}


@pytest.mark.parametrize("source", INNOCENT.values(), ids=INNOCENT.keys())
def test_what_is_not_a_write_is_not_reported(writes, source):
    assert violations(source, writes, "innocent.py") == []


def test_it_would_have_caught_the_trail_append_of_failed_messages(writes):
    """complaints/receivers.py appended to the trail itself before failure recording became
    the move lifecycle.record_message_failure."""
    old = subprocess.run(
        ["git", "show", "cb07859:upheld/complaints/receivers.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if old.returncode != 0:
        pytest.skip("no git history here")
    assert any("appends to the trail" in v for v in violations(old.stdout, writes))
