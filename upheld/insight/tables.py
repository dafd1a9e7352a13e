"""Reports as tables written row by row: CSV, JSON and XLSX (XlsxWriter's constant-memory
mode), every text cell safe from formula injection (core.spreadsheet.safe_cell), so a
report of any length streams in flat memory."""

import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from upheld.core.spreadsheet import safe_cell, writer

FORMATS = ("csv", "xlsx", "json", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class _Line:
    def __init__(self):
        self.buf = io.StringIO()

    def take(self) -> str:
        out = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        return out


def csv_chunks(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    line = _Line()
    w = writer(line.buf)
    w.writerow(header)
    yield line.take()
    for n, row in enumerate(rows, 1):
        w.writerow([_plain(v) for v in row])
        if n % 500 == 0:
            yield line.take()
    yield line.take()


def json_chunks(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    yield '{"columns": ' + json.dumps(header) + ', "rows": [\n'
    first = True
    for row in rows:
        yield ("" if first else ",\n") + json.dumps([_plain(v) for v in row])
        first = False
    yield "\n]}\n"


def write_xlsx(path_or_file, header: list[str], rows: Iterable[list], sheet="Report") -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        path_or_file,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    ws.write_row(0, 0, header, bold)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            value = _plain(value)
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(safe_cell(str(value))))
    book.close()


def pdf(table, period: str = "") -> bytes:
    """A report's table as a PDF, through the letters' renderer (pack.py)."""
    from .pack import table_pdf

    return table_pdf(table, period)
