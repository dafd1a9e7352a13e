"""What a web process does once, after start-up and before its first request
(upheld/project/wsgi.py; bench/desk.py measures the same way).

A running Upheld holds some 150,000 objects that Python's garbage collector tracks —
modules, models, URL patterns, forms, translations — and keeps them as long as it runs.
Each full collection walks all of them: 100–200 ms, every few dozen requests, which was a
desk page's 95th percentile (issue 9). `gc.freeze()` puts what exists at start-up out of
the collector's sight, so a full collection walks only what requests made since; the views
are imported first (the URL patterns) so that they are among them. The youngest
generation is collected every 10,000 new objects rather than 700: a queue page makes
about 3,000, and four collections a page became one every three pages."""

import gc

YOUNGEST = 10_000


def settle() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every view, as a first request would
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST, middle, oldest)
