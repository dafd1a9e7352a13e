"""PostgreSQL's import pipeline writes batch N on the connection from a background thread
while the main thread builds batch N+1: the main thread must not send a statement on that
connection meanwhile. When it did (the clocks' profiles read while building), a batch the
database refused left the transaction aborted under the next statement, and the import
lost the batches before it (found by a full run on a loaded machine)."""

import pytest
from django.db import connection

from upheld.complaints.lifecycle.batch import sql as batch_sql

from .test_cfpb_import import run

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pipeline is PostgreSQL's")
def test_no_statement_is_sent_while_a_batch_is_being_written(org, monkeypatch):
    writers: list = []
    made = batch_sql.Writer.__init__

    def remember(self):
        made(self)
        writers.append(self)

    monkeypatch.setattr(batch_sql.Writer, "__init__", remember)
    during: list[str] = []

    def spy(execute, sql, params, many, context):
        if any(w.thread is not None and w.thread.is_alive() for w in writers):
            during.append(sql[:100])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        summary = run(batch_size=10)
    assert summary.created > 20 and writers, "several batches through the pipeline"
    assert during == []
