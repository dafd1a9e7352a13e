"""CSV that is safe to open in a spreadsheet (issue 12, point 6).

A cell that starts with = + - @, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `@SUM(…)`). Every CSV
Upheld writes — an import's rejects file, the desk's exports — goes through `writer`, which
puts an apostrophe before such a cell: the spreadsheet shows the text as it was typed and
runs nothing. Plain numbers (-12.50, +44 20 …) are left as they are only when they are
numbers; anything else that starts like a formula is neutralised."""

import csv
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value):
    """The value, or its text with an apostrophe first when a spreadsheet would run it."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeWriter:
    """csv.writer whose cells are neutralised (`safe_cell`)."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file, **kwargs) -> SafeWriter:
    return SafeWriter(file, **kwargs)
