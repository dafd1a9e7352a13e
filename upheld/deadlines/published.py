"""What the public pages promise (ISO 10002 7.1 c, 4.4): the time limits of the profile
that applies at receipt, in words, read from the same rules the clocks count with."""

from django.utils.translation import ngettext

from .profiles import Rule, current


def phrase(unit: str, amount: int) -> str:
    """ "5 business days", "56 days", "8 working hours", in the reader's language."""
    if unit == "business_days":
        return ngettext("%(n)d business day", "%(n)d business days", amount) % {"n": amount}
    if unit == "working_hours":
        return ngettext("%(n)d working hour", "%(n)d working hours", amount) % {"n": amount}
    return ngettext("%(n)d day", "%(n)d days", amount) % {"n": amount}


def targets() -> dict[str, str]:
    """{rule key: its limit in words} for the profile every complaint starts under."""
    profiles = current()
    rules: tuple[Rule, ...] = profiles.rules(profiles.at_receipt)
    return {r.key: phrase(r.unit, r.amount) for r in rules}
