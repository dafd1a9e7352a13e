"""upheld report NAME --from DATE --to DATE [--by DIMENSION] --format csv|xlsx|json|pdf
[--output FILE]: a report of monitoring and analysis (ISO 10002 8.4, 8.6; DISP 1.10), to
standard output without --output. Dates are days in the organisation's zone, both included.
The facts are brought up to date first (the summaries' job, past its watermark)."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from upheld.insight import summaries, tables
from upheld.insight.dimensions import DIMENSIONS
from upheld.insight.pack import management_review
from upheld.insight.reports import REPORTS, period

NAMES = [*REPORTS, "management-review"]


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"'{value}' is not a date like 2026-06-30.") from None


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("name", help=", ".join(NAMES))
        parser.add_argument("--from", dest="start", required=True, help="first day")
        parser.add_argument("--to", dest="end", required=True, help="last day (included)")
        parser.add_argument("--by", default=None, help=", ".join(DIMENSIONS))
        parser.add_argument("--format", default="csv", choices=tables.FORMATS)
        parser.add_argument("--output", default=None, help="file (default: standard output)")

    def handle(self, *args, name, start, end, by, format, output, **options):
        if name not in NAMES:
            raise CommandError(f"Unknown report '{name}': use one of {', '.join(NAMES)}.")
        if by is not None and by not in DIMENSIONS:
            raise CommandError(
                f"--by: unknown dimension '{by}'; use one of {', '.join(DIMENSIONS)}."
            )
        first, last = _day(start), _day(end)
        if last < first:
            raise CommandError("--to: the last day is before the first (--from).")
        if format == "xlsx" and output is None:
            raise CommandError("--output: give a file name for xlsx.")
        summaries.run_all()
        if name == "management-review":
            if format != "pdf":
                raise CommandError("--format: the management-review pack is a PDF (--format pdf).")
            self._write_bytes(management_review(*period(first, last)), output)
            return
        table = REPORTS[name](*period(first, last), by)
        rows = table.rows
        if output is not None and table.count and table.count > 1000:
            rows = tqdm(rows, total=table.count, unit=" rows", file=sys.stderr)
        if format == "xlsx":
            tables.write_xlsx(output, table.header, rows, table.title)
            return
        if format == "pdf":
            self._write_bytes(tables.pdf(table, f"{first} – {last}"), output)
            return
        chunks = (tables.csv_chunks if format == "csv" else tables.json_chunks)(table.header, rows)
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        with open(output, "w", encoding="utf-8", newline="") as f:
            for chunk in chunks:
                f.write(chunk)

    def _write_bytes(self, data: bytes, output: str | None) -> None:
        if output is None:
            sys.stdout.buffer.write(data)
            return
        with open(output, "wb") as f:
            f.write(data)
