"""A real `upheld worker` that stops at one point of delivery and waits there to be killed
(test_killed_worker.py kills it with SIGKILL):

    python paused_worker.py mid-send      claimed the message, before the mail goes out
    python paused_worker.py after-send    the mail went out and is recorded sent, before
                                          its consequence (the acknowledgement) is recorded

It prints "PAUSED <point>" when it gets there. Run with the environment of
processes.upheld_env (DATABASE_URL of the test database, the SMTP server)."""

import sys
import time

import django


def pause(point: str, then=None):
    def paused(*args, **kwargs):
        print(f"PAUSED {point}", flush=True)
        time.sleep(3600)
        return then(*args, **kwargs) if then else None

    return paused


def main() -> None:
    point = sys.argv[1]
    django.setup()
    from django.core.management import call_command

    from upheld.notify import delivery

    if point == "mid-send":
        delivery.OUTBOX.send = pause(point, delivery.OUTBOX.send)
    elif point == "after-send":
        delivery.OUTBOX.on_sent = pause(point, delivery.OUTBOX.on_sent)
    else:
        raise SystemExit(f"unknown point {point}")
    call_command("worker", worker_id=f"doomed-{point}", interval=0.1, run_periodic=False)


if __name__ == "__main__":
    main()
