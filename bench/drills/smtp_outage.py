"""Drill: the mail server is down for a minute while complaints come in (ISO 10002 4.4,
7.4). N complaints are posted to `POST /api/v1/complaints` over the outage; the
acknowledgements wait and are retried with back-off; when the server is back, it prints
how many were delivered once, never or more than once, and how many were recorded.

    DATABASE_URL=postgres://root@127.0.0.1:5432/x python bench/drills/smtp_outage.py -n 300

Makes and drops its own database (upheld_drill_smtp on that server).
"""

import argparse
import signal
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Drill, Mailbox, free_port, outcome, report, verify_trail, wait_until  # noqa: E402
from kill9 import _answers, post  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--down", type=float, default=60, help="seconds the mail server is down")
    parser.add_argument("--db-name", default="upheld_drill_smtp")
    args = parser.parse_args()

    mailbox = Mailbox()
    mailbox.start()
    drill = Drill(
        args.db_name,
        mailbox,
        UPHELD_DELIVERY_BACKOFF_BASE="2",
        UPHELD_DELIVERY_BACKOFF_CAP="20",
        UPHELD_DELIVERY_MAX_ATTEMPTS="30",
    )
    token = drill.api_token()
    port = free_port()
    server = drill.start("serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port))
    worker = drill.start("worker", "--interval", "0.2")
    wait_until(lambda: _answers(f"http://127.0.0.1:{port}/complain/how/"), 60, 0.2)
    url = f"http://127.0.0.1:{port}/api/v1/complaints"
    retries: Counter = Counter()

    def intake() -> None:  # spread over the outage: the first few before it
        for i in range(args.n):
            post(url, token, i, retries)
            time.sleep(args.down / args.n)

    client = threading.Thread(target=intake)
    started = time.monotonic()
    client.start()
    time.sleep(2)
    mailbox.stop()
    down_at = time.monotonic()
    time.sleep(args.down)
    mailbox.start()
    up_at = time.monotonic()
    client.join()

    from upheld.complaints.models import Complaint
    from upheld.notify.models import Message

    def delivered() -> bool:
        return (
            Message.objects.count() == args.n
            and not Message.objects.exclude(state="sent", settled_at__isnull=False).exists()
        )

    done = wait_until(delivered, timeout=300, every=1)
    all_out = time.monotonic() - up_at
    for process in (server, worker):
        process.send_signal(signal.SIGTERM)
        process.wait(60)

    found = outcome()
    sent = Counter(mailbox.received[f"person{i}@drill.example"] for i in range(args.n))
    attempts = Counter(Message.objects.values_list("attempts", flat=True))
    report(
        f"SMTP outage drill, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, PostgreSQL, N = {args.n}",
        f"mail server down {up_at - down_at:.0f} s, from {down_at - started:.0f} s into intake",
        f"all delivered {all_out:.0f} s after it came back: {done}",
        f"acknowledgements delivered once {sent[1]}, never {sent[0]}, "
        f"more than once {sum(v for k, v in sent.items() if k > 1)}",
        f"recorded: {Complaint.objects.exclude(acknowledged_at=None).count()} complaints "
        f"acknowledged, {found['acknowledged events']} events",
        f"attempts per message: {dict(sorted(attempts.items()))}",
        f"messages {found['messages']}; jobs {found['jobs']}",
        f"verify-trail: {verify_trail(drill)}",
    )
    mailbox.stop()
    drill.drop()


if __name__ == "__main__":
    main()
