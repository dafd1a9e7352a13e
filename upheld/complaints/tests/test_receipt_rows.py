"""ISO 10002 7.2 receipt, written fast and whole: on PostgreSQL a receipt's rows are sent
without waiting for each answer (core/rows.py), and whatever fails among them rolls the
whole receipt back, as any failed statement does; nothing is left half-recorded."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_save
from django.db.utils import DatabaseError

from upheld.complaints import lifecycle
from upheld.complaints.models import Complaint, Event, Person
from upheld.core import rows

from .helpers import RECEIPT

pytestmark = pytest.mark.django_db


def test_on_postgresql_a_receipt_sends_its_rows_in_a_pipeline_without_reading_them_back(handler):
    if connection.vendor != "postgresql":
        pytest.skip("pipelines are PostgreSQL's; SQLite runs in the process")
    seen = []

    def watch(execute, sql, params, many, context):
        seen.append((sql.split(" ", 3)[:3], connection.connection._pipeline is not None, sql))
        return execute(sql, params, many, context)

    lifecycle.receive(**RECEIPT, by=handler)  # the process's look-ups, once
    with connection.execute_wrapper(watch):
        c = lifecycle.receive(**RECEIPT, by=handler)
    inserts = [(words, piped, sql) for words, piped, sql in seen if words[0] == "INSERT"]
    tables = {words[2].strip('"') for words, _, _ in inserts}
    assert {"complaints_complaint", "complaints_event", "complaints_person"} <= tables
    assert {"deadlines_clock", "notify_message", "complaints_trailkey"} <= tables
    waited = [sql for _, piped, sql in seen if not piped]
    assert all(piped for _, piped, _ in inserts), "every row is sent in the pipeline"
    assert len(waited) <= 1, waited  # at most the per-process look-ups' generation
    # Only the reference counter is read back: every other row has its id already.
    returning = [sql for _, _, sql in inserts if "RETURNING" in sql]
    assert len(returning) == 1 and "referencecounter" in returning[0]
    stored = Complaint.objects.get(pk=c.pk)
    assert stored.reference == c.reference and stored.trail_length == 1
    assert Event.objects.get(complaint=c).hash == stored.trail_head


def test_a_row_that_fails_in_the_pipeline_rolls_the_whole_transaction_back():
    taken = Person.objects.create(name="Ada")
    before = Person.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic(), rows.pipelined():
        rows.insert(Person(name="Grace"))
        rows.insert(Person(pk=taken.pk, name="Same id"))  # the primary key is taken
    assert Person.objects.count() == before
    assert list(Person.objects.values_list("name", flat=True)) == ["Ada"]


def test_a_row_written_with_a_reserved_id_is_saved_as_the_orm_saves_it_signals_included():
    heard = []

    def on_save(sender, instance, created, **kwargs):
        heard.append((instance.pk, created))

    post_save.connect(on_save, sender=Person)
    try:
        with transaction.atomic(), rows.pipelined(), rows.reserving({Person: 2}):
            first = rows.insert(Person(name="Ada", email="ada@example.org"))
            second = rows.insert(Person(name="Grace"))
    finally:
        post_save.disconnect(on_save, sender=Person)
    assert heard == [(first.pk, True), (second.pk, True)]
    assert first.pk != second.pk and not first._state.adding
    assert Person.objects.get(pk=first.pk).email == "ada@example.org"
    assert Person.objects.get(pk=second.pk).name == "Grace"


def test_rows_written_together_get_their_reserved_ids_and_their_fields_defaults():
    with transaction.atomic(), rows.reserving({Person: 3}):
        people = rows.insert_many([Person(name=f"P{i}") for i in range(3)])
    assert len({p.pk for p in people}) == 3 and None not in {p.pk for p in people}
    stored = {p.pk: p for p in Person.objects.filter(pk__in=[p.pk for p in people])}
    assert sorted(p.name for p in stored.values()) == ["P0", "P1", "P2"]
    assert all(p.preferred_language == Person().preferred_language for p in stored.values())


def test_an_error_raised_in_a_pipeline_is_one_of_djangos_database_errors():
    if connection.vendor != "postgresql":
        pytest.skip("pipelines are PostgreSQL's")
    with pytest.raises(DatabaseError), transaction.atomic(), rows.pipelined():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO complaints_person (id) VALUES (%s)", ["not a number"])
