"""Import a CSV file of complaints (ISO 10002 7.2) in batches, with flat memory.

The file is streamed with the csv module; every `batch_size` rows go to
upheld.complaints.lifecycle.batch in one transaction (PostgreSQL: batch.Pipeline, which
writes a batch while the next is read; SQLite: batch.receive_batch). A row that cannot be read or
received is written to the rejects file with its line number and the reason, and the rest
of the file carries on. Progress (rows/s, ETA by bytes read) goes to stderr.
"""

import csv
import gc
import io
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection
from tqdm import tqdm

from upheld.complaints.lifecycle.batch import BulkSession, IncomingRow, Pipeline, receive_batch
from upheld.core import spreadsheet

from . import cfpb
from .cfpb import RowError
from .generic import Mapping, MappingError

FORMATS = ("cfpb", "generic")
BATCH_SIZE = 2000
FIRST_BATCH = 500


class ImportRefused(Exception):
    """The file as a whole cannot be imported (wrong format, bad mapping…)."""


@dataclass
class Summary:
    read: int = 0
    created: int = 0
    skipped: int = 0
    rejected: int = 0
    seconds: float = 0.0
    references: list[tuple[int, str]] = field(default_factory=list)  # kept if asked

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return (
            f"{self.read} rows read: {self.created} complaints created, {self.skipped} "
            f"already imported, {self.rejected} rejected ({self.rate:,.0f} rows/s)."
        )


class _Rejects:
    def __init__(self, path: Path | None, header: list[str]):
        self.file = open(path, "w", newline="", encoding="utf-8") if path else None  # noqa: SIM115
        self.writer = spreadsheet.writer(self.file) if self.file else None
        if self.writer:
            self.writer.writerow(["line", "reason", *header])

    def add(self, line: int, reason: str, values: list[str]) -> None:
        if self.writer:
            self.writer.writerow([line, reason, *values])

    def close(self) -> None:
        if self.file:
            self.file.close()


def _converter(fmt: str, header: list[str], mapping: str | Path | None):
    if fmt == "cfpb":
        missing = cfpb.missing_columns(header)
        if missing:
            raise ImportRefused(f"This is not a CFPB export: missing columns {', '.join(missing)}.")
        return cfpb.SOURCE, cfpb.to_row
    if fmt == "generic":
        if mapping is None:
            raise ImportRefused("A generic CSV needs --mapping map.json.")
        try:
            spec = Mapping.load(mapping, header)
        except MappingError as exc:
            raise ImportRefused(str(exc)) from None
        return spec.source, spec.to_row
    raise ImportRefused(f"Unknown format '{fmt}'; use one of: {', '.join(FORMATS)}.")


def import_file(
    path: str | Path,
    *,
    fmt: str,
    mapping: str | Path | None = None,
    rejects: str | Path | None = None,
    batch_size: int = BATCH_SIZE,
    by=None,
    progress: bool = True,
    keep_references: bool = False,
) -> Summary:
    """Import every row of `path`; returns what happened to them."""
    keep = keep_references
    path = Path(path)
    if batch_size < 1:
        raise ImportRefused("The batch size must be at least 1.")
    started = time.perf_counter()
    summary = Summary()
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        try:
            header = next(reader)
        except StopIteration:
            raise ImportRefused(f"{path} is empty.") from None
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"{path} is not UTF-8 text: {exc}.") from None
        source, convert = _converter(fmt, header, mapping)
        session = BulkSession(source, by=by)
        out = _Rejects(Path(rejects) if rejects else None, header)
        bar = tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            disable=not progress,
            file=sys.stderr,
            desc=f"Importing {path.name}",
            dynamic_ncols=True,
            bar_format="{desc} {percentage:3.0f}%|{bar}| [{elapsed} elapsed, ETA {remaining}]",
        )
        feed = Pipeline(session) if connection.vendor == "postgresql" else _OneByOne(session)
        # The rows make no reference cycles (freed as soon as written), but the cyclic
        # collector would walk the batches in flight again and again: a fifth of the CPU.
        collecting = gc.isenabled()
        gc.disable()
        pending: deque[dict[int, list[str]]] = deque()  # raw values of batches in flight
        try:
            for batch, values, nul_free in _batches(
                reader, header, convert, batch_size, summary, out
            ):
                pending.append(values)
                _count(
                    _receive(feed.receive, batch, summary, nul_free), pending, summary, out, keep
                )
                bar.update(raw.tell() - bar.n)
                elapsed = time.perf_counter() - started
                bar.set_description_str(
                    f"Importing {path.name}: {summary.read:,} rows, "
                    f"{summary.read / elapsed:,.0f} rows/s",
                    refresh=False,
                )
            _count(_receive(feed.finish, None, summary), pending, summary, out, keep)
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                f"{path} is not UTF-8 text after row {summary.read}: {exc}."
            ) from None
        finally:
            if collecting:
                gc.enable()
            feed.close()
            bar.close()
            out.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _batches(
    reader,
    header: list[str],
    convert: Callable[[int, dict], IncomingRow],
    size: int,
    summary: Summary,
    out: _Rejects,
):
    """Batches of rows, each with the raw values of its records (for the rejects file) and
    whether none of those held a NUL character (then the rows need no search for one)."""
    batch: list[IncomingRow] = []
    values: dict[int, list[str]] = {}
    width = len(header)
    nul_free = True
    limit = min(size, FIRST_BATCH)  # a small first batch: the writer starts sooner
    while True:
        line = reader.line_num + 1  # where the next record starts
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            summary.read += 1
            summary.rejected += 1
            out.add(line, f"The CSV cannot be read here: {exc}.", [])
            continue
        if not record:
            continue  # a blank line is no row
        summary.read += 1
        if len(record) != width:
            summary.rejected += 1
            out.add(line, f"The row has {len(record)} fields; the header has {width}.", record)
            continue
        try:
            batch.append(convert(line, dict(zip(header, record, strict=True))))
        except RowError as exc:
            summary.rejected += 1
            out.add(line, str(exc), record)
            continue
        values[line] = record
        if nul_free and "\x00" in "".join(record):
            nul_free = False
        if len(batch) >= limit:
            limit = size
            yield batch, values, nul_free
            batch, values, nul_free = [], {}, True
    if batch:
        yield batch, values, nul_free


class _OneByOne:
    """SQLite (one writer at a time): each batch written before the next is read."""

    def __init__(self, session: BulkSession):
        self.session = session

    def receive(self, rows: list[IncomingRow], nul_free: bool = False):
        return [receive_batch(rows, session=self.session, nul_free=nul_free)]

    def finish(self):
        return []

    def close(self) -> None:
        pass


def _receive(step, batch, summary: Summary, nul_free: bool = False):
    try:
        return step(batch, nul_free) if batch is not None else step()
    except DatabaseError as exc:
        line = getattr(exc, "line", None) or (batch[0].line if batch else "?")
        raise ImportRefused(
            f"The import stopped at the batch that starts on line {line}: {exc}. "
            f"The {summary.created} complaints before it are kept; run the import again to "
            "go on (rows already imported are skipped)."
        ) from exc


def _count(results, pending: deque, summary: Summary, out: _Rejects, keep: bool) -> None:
    for result in results:
        values = pending.popleft()
        summary.created += len(result.created)
        summary.skipped += len(result.skipped)
        summary.rejected += len(result.rejected)
        for line, reason in sorted(result.rejected):
            out.add(line, reason, values[line])
        if keep:
            summary.references.extend(result.created)
