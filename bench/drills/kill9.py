"""Drill: kill -9 of the server and the workers while complaints come in (ISO 10002 4.4,
7.2, 7.4). N complaints are posted to `POST /api/v1/complaints` (each with its own
Idempotency-Key, retried with the same key when the server is gone) by a few clients,
while the server (`upheld serve --no-worker`) and two `upheld worker`s are killed with
SIGKILL in turn and started again. Then it waits until every acknowledgement is sent and
recorded, and prints what it finds: complaints lost or duplicated, acknowledgements sent
zero, once or twice, recorded or not, jobs left running, and the trail's verification.

    DATABASE_URL=postgres://root@127.0.0.1:5432/x python bench/drills/kill9.py -n 2000 --kills 12

The kills are spread over the intake by its progress (one each time another N/(kills+1)
complaints are in, the server and each worker in turn), at least --every seconds apart,
so a slow machine still gets all N in and each process is killed while it works; with
--every alone (no --kills), a kill every --every seconds until the intake ends.

Makes and drops its own database (upheld_drill_kill9 on that server).
"""

import argparse
import json
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Drill, Mailbox, free_port, outcome, report, verify_trail, wait_until  # noqa: E402


def payload(i: int) -> bytes:
    return json.dumps(
        {
            "description": f"Drill complaint {i}: I was charged twice for the same order.",
            "complainant": {"name": f"Drill person {i}", "email": f"person{i}@drill.example"},
            "product": "Current account",
            "remedy_sought": "Refund the second charge.",
        }
    ).encode()


class Fleet:
    """The server and the workers, restarted when killed."""

    def __init__(self, drill: Drill, port: int) -> None:
        self.drill, self.port = drill, port
        self.server = self._server()
        self.workers = [self._worker(i) for i in range(2)]
        self.kills = Counter()

    def _server(self):
        return self.drill.start(
            "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(self.port), log="serve.log"
        )

    def _worker(self, i: int):
        return self.drill.start("worker", "--interval", "0.2", log=f"worker{i}.log")

    def kill_one(self) -> str:
        """The server, then each worker, in turn."""
        turn = sum(self.kills.values()) % (1 + len(self.workers))
        if turn == 0:
            self.server.send_signal(signal.SIGKILL)
            self.server.wait()
            self.server = self._server()
            what = "server"
        else:
            i = turn - 1
            self.workers[i].send_signal(signal.SIGKILL)
            self.workers[i].wait()
            self.workers[i] = self._worker(i)
            what = "worker"
        self.kills[what] += 1
        return what

    def stop(self) -> None:
        for process in [self.server, *self.workers]:
            process.send_signal(signal.SIGTERM)
        for process in [self.server, *self.workers]:
            try:
                process.wait(60)
            except Exception:  # noqa: BLE001
                process.kill()


def post(url: str, token: str, i: int, retries: Counter, arrived: Counter | None = None) -> None:
    while True:
        request = urllib.request.Request(
            url,
            data=payload(i),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"drill-{i}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status in (200, 201):
                    if arrived is not None:
                        arrived[i] = 1  # one key each: no lost update across threads
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500 and exc.code != 409:
                raise SystemExit(f"complaint {i}: {exc.code} {exc.read()[:300]!r}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        retries[i] += 1
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument(
        "--kills", type=int, default=12, help="kills spread over the intake; 0: by --every"
    )
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--every", type=float, default=8, help="seconds between kills, at least")
    parser.add_argument("--db-name", default="upheld_drill_kill9")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    mailbox = Mailbox()
    mailbox.start()
    drill = Drill(args.db_name, mailbox, UPHELD_DELIVERY_BACKOFF_BASE="1")
    token = drill.api_token()
    port = free_port()
    fleet = Fleet(drill, port)
    url = f"http://127.0.0.1:{port}/api/v1/complaints"
    started = time.monotonic()
    wait_until(lambda: _answers(f"http://127.0.0.1:{port}/complain/how/"), 60, 0.2)

    retries: Counter = Counter()
    arrived: Counter = Counter()
    queue = list(range(args.n))
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                i = queue.pop(0)
            post(url, token, i, retries, arrived)

    clients = [threading.Thread(target=client) for _ in range(args.clients)]
    for c in clients:
        c.start()
    last_kill = time.monotonic()
    while any(c.is_alive() for c in clients):
        time.sleep(0.5)
        killed = sum(fleet.kills.values())
        if time.monotonic() - last_kill < args.every:
            continue
        due = len(arrived) >= (killed + 1) * args.n / (args.kills + 1) if args.kills else True
        if due and (not args.kills or killed < args.kills):
            fleet.kill_one()
            last_kill = time.monotonic()
            print(f"  kill {killed + 1} at {len(arrived)} complaints in", flush=True)
    for c in clients:
        c.join()
    intake_s = time.monotonic() - started

    from upheld.complaints.models import Complaint
    from upheld.notify.models import Message

    def settled() -> bool:
        return (
            not Message.objects.exclude(state="sent").exists()
            and not Message.objects.filter(settled_at=None).exists()
            and Complaint.objects.filter(acknowledged_at=None).count() == 0
        )

    done = wait_until(settled, timeout=600, every=2)
    settled_s = time.monotonic() - started
    fleet.stop()

    found = outcome()
    emails = set(Complaint.objects.values_list("complainant__email", flat=True))
    expected = {f"person{i}@drill.example" for i in range(args.n)}
    sent = Counter(mailbox.received[e] for e in expected)
    more = sum(v for k, v in sent.items() if k > 1)
    report(
        f"kill -9 drill, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, PostgreSQL, N = {args.n}",
        f"kills: {dict(fleet.kills)} ({sum(fleet.kills.values())} in all)",
        f"client retries (same Idempotency-Key): {sum(retries.values())}",
        f"intake {intake_s:.0f} s; everything settled after {settled_s:.0f} s: {done}",
        f"complaints {found['complaints']}: lost {len(expected - emails)}, "
        f"duplicated {found['complaints'] - len(emails)}",
        f"acknowledgements sent once {sent[1]}, never {sent[0]}, more than once {more}",
        f"acknowledgements recorded: {found['complaints acknowledged']} complaints, "
        f"{found['acknowledged events']} events",
        f"messages {found['messages']}, sent but not settled {found['messages sent, not settled']}",
        f"jobs {found['jobs']}",
        f"verify-trail: {verify_trail(drill)}",
    )
    mailbox.stop()
    if not args.keep:
        drill.drop()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except Exception:  # noqa: BLE001
        return False


if __name__ == "__main__":
    main()
