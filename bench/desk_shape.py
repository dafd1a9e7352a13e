"""bench/desk.py's shape for a database bench/fill.py filled (a copy of it): the rows of a
bank's year, made in SQL in place, so the desk is measured on complaints imported through
the real pipeline with their real clocks."""

import time


def reshape(setup_people) -> None:
    """Shape a database filled by bench/fill.py (every complaint 'received', with its real
    clocks, over six years; no teams, no users) as this bench's own fill shapes its rows:
    5 teams of 10 handlers, a third open (received over the last 11 weeks, their clocks
    moved with them, so due from three weeks late to eight weeks ahead; most assigned and
    assessed), the rest closed with their clocks stopped, a message on one in twenty.
    PostgreSQL only; in SQL, on the copy it is given (never on a shared database).
    `setup_people` makes the teams and handlers (bench/desk.py's own)."""
    from django.db import connection

    handlers, _handler, _head = setup_people()
    start = time.perf_counter()
    slots = [(t, slot, u) for t, users in handlers.items() for slot, u in enumerate(users)]
    teams = sorted(handlers)
    statements = [
        "CREATE TEMP TABLE slot (team_id int, slot int, user_id int)",
        "INSERT INTO slot VALUES " + ", ".join(f"({t}, {s}, {u})" for t, s, u in slots),
        f"""CREATE TEMP TABLE shape AS
        SELECT c.id, (c.id * 2654435761) % 1000 < 330 AS open, (c.id * 40503) % 100 AS s,
               (c.id * 7) % 10 = 0 AS unassigned,
               (ARRAY{teams})[1 + c.id % {len(teams)}] AS team_id,
               (c.id / {len(teams)}) % 10 AS slot, c.received_at AS was,
               interval '0' AS delta, ''::text AS status
        FROM complaints_complaint c""",
        """UPDATE shape SET status = CASE WHEN NOT open THEN 'closed'
            WHEN s < 10 THEN 'received' WHEN s < 25 THEN 'acknowledged'
            WHEN s < 45 THEN 'assessed' WHEN s < 80 THEN 'investigating'
            WHEN s < 88 THEN 'awaiting_complainant' WHEN s < 92 THEN 'escalated'
            WHEN s < 95 THEN 'decided' ELSE 'decision_communicated' END,
          delta = CASE WHEN open THEN (now() - make_interval(
            secs => ((id * 31) % (77 * 86400))::float8)) - was ELSE interval '0' END""",
        "CREATE UNIQUE INDEX ON shape (id)",
        "ANALYZE shape",
        """UPDATE complaints_complaint c SET
            status = sh.status, team_id = sh.team_id,
            received_at = c.received_at + sh.delta,
            response_due_at = c.response_due_at + sh.delta,
            next_due_at = CASE WHEN sh.open THEN c.next_due_at + sh.delta END,
            assignee_id = CASE WHEN sh.status IN ('received', 'acknowledged')
              OR (sh.open AND sh.unassigned) THEN NULL ELSE sl.user_id END,
            priority = CASE WHEN sh.status IN ('received', 'acknowledged') THEN NULL
              ELSE 1 + (c.id * 13) % 4 END,
            triage = CASE WHEN sh.status IN ('received', 'acknowledged') THEN ''
              ELSE 'complaint' END,
            escalation_level = CASE WHEN sh.status = 'escalated' THEN 1 ELSE 0 END,
            closure_reason = CASE WHEN sh.open THEN '' ELSE 'final_response_issued' END,
            closed_at = CASE WHEN sh.open THEN NULL ELSE LEAST(now(),
              c.received_at + make_interval(days => 1 + ((c.id * 17) % 56)::int)) END
          FROM shape sh JOIN slot sl ON sl.team_id = sh.team_id AND sl.slot = sh.slot
          WHERE sh.id = c.id""",
        """UPDATE deadlines_clock k SET
            started_at = k.started_at + sh.delta, due_at = k.due_at + sh.delta,
            next_point_at = k.next_point_at + sh.delta, at_risk_at = k.at_risk_at + sh.delta
          FROM shape sh WHERE sh.id = k.complaint_id AND sh.open""",
        """UPDATE deadlines_clock k SET stopped_at = c.closed_at, stopped_by = 'close',
            next_point_at = NULL
          FROM complaints_complaint c
          WHERE c.id = k.complaint_id AND c.closed_at IS NOT NULL AND k.stopped_at IS NULL""",
        """INSERT INTO complaints_correspondence
            (complaint_id, direction, channel, sender, subject, body, external_id, at)
          SELECT id, 'in', 'email', '', 'About my complaint', description, '',
            received_at + interval '1 day'
          FROM complaints_complaint WHERE id % 20 = 0""",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
            print(f"  {statement.split()[0].lower()} … ({time.perf_counter() - start:.0f}s)")
        cursor.execute("VACUUM ANALYZE")
    print(f"  reshaped in {time.perf_counter() - start:.0f}s")
