"""One policy for every value that enters Upheld — API, forms, e-mail, imports (issue 12,
point 3). Each channel asks these and answers in its own way: 422 naming the field (API), a
form error beside the field, a rejected row with its reason (import).

- Text holds no NUL character (PostgreSQL cannot store one) and no lone surrogate (no
  encoding can write one): both are refused, not silently changed.
- A date is no earlier than 1900 (year-1 dates overflowed on conversion and gave references
  like CMP-1-000001) and a moment is not in the future beyond a little clock skew.
- An integer fits the column it is compared with or stored in (64-bit signed).
"""

from datetime import UTC, date, datetime, timedelta

EARLIEST_DAY = date(1900, 1, 1)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=2)
INT_MIN, INT_MAX = -(2**63), 2**63 - 1

NUL_MESSAGE = "Remove the NUL character (\\u0000): text cannot hold one."
SURROGATE_MESSAGE = "Remove the invalid character (a lone UTF-16 surrogate): it is not text."
EARLY_MESSAGE = "Give a date in 1900 or later."
INTEGER_MESSAGE = "Give a whole number between -9223372036854775808 and 9223372036854775807."


def text_problem(value: str) -> str | None:
    """Why this text cannot be taken, or None."""
    if "\x00" in value:
        return NUL_MESSAGE
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return None


def too_early(value: date | datetime) -> bool:
    if isinstance(value, datetime):
        try:
            return value < EARLIEST if value.tzinfo else value.replace(tzinfo=UTC) < EARLIEST
        except OverflowError:  # comparing year 1 with an offset east of UTC
            return True
    return value < EARLIEST_DAY


def integer_fits(value: int) -> bool:
    return INT_MIN <= value <= INT_MAX


def problems_in(data, path: str = "") -> dict[str, str]:
    """Every text in a nested structure (dicts, lists) that breaks the policy, by dotted
    path: {"complainant.name": NUL_MESSAGE}."""
    found: dict[str, str] = {}
    if isinstance(data, str):
        problem = text_problem(data)
        if problem:
            found[path or "body"] = problem
    elif isinstance(data, dict):
        for key, value in data.items():
            key_text = str(key)
            if text_problem(key_text):
                found[path or "body"] = text_problem(key_text) or ""
                continue
            found.update(problems_in(value, f"{path}.{key_text}" if path else key_text))
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            found.update(problems_in(value, f"{path}.{i}" if path else str(i)))
    return found
