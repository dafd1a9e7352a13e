"""ISO 10002 4.6 (free of charge) and FCA DISP 1.3.1AR: a complainant must not pay more than
a basic-rate call to complain. A phone number given for complaints (the organisation's line,
an external body's) is refused when the numbering plan of the organisation's country says
it costs more.

Rules known here:
- United Kingdom (Ofcom numbering plan): 084 and 087 (service numbers with a service
  charge), 09 (premium rate), 118 (directory enquiries), 070 (personal numbering) and 076
  (pagers) cost more than a basic-rate call. 01, 02, 03 (charged as geographic), 07 mobile
  and 080 / 0500 freephone are fine.
- North American Numbering Plan (US, CA): area codes 900 and 976 are premium rate.
Numbers of other countries are accepted as they are.
"""

import re

_UK_DEARER = {
    "084": "a service number (084) that carries a service charge",
    "087": "a service number (087) that carries a service charge",
    "09": "a premium-rate number (09)",
    "118": "a directory enquiry number (118)",
    "070": "a personal number (070), charged above a call to a mobile",
    "076": "a pager number (076), charged above a basic-rate call",
}
_NANP_PREMIUM = ("900", "976")


def dearer_than_basic_rate(number: str, country: str) -> str | None:
    """Why calling `number` costs more than a basic-rate call, or None when it does not
    (or when the rules of its country are not known here)."""
    digits = re.sub(r"[^\d+]", "", number or "")
    if not digits:
        return None
    country = (country or "").upper()
    if digits.startswith(("+44", "0044")):
        rest = digits.split("44", 1)[1]
        national, plan = "0" + rest.removeprefix("0"), "GB"  # +44 (0)20 … written with the 0
    elif digits.startswith(("+1", "001")):
        national, plan = digits.split("1", 1)[1], "NANP"
    elif digits.startswith(("+", "00")):
        return None  # another country's number: its rules are not known here
    elif country == "GB":
        national, plan = digits, "GB"
    elif country in ("US", "CA"):
        national, plan = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits, "NANP"
    else:
        return None
    if plan == "GB":
        for prefix, what in _UK_DEARER.items():
            if national.startswith(prefix):
                return what
        return None
    if national[:3] in _NANP_PREMIUM:
        return f"a premium-rate number (area code {national[:3]})"
    return None


def check(number: str, country: str) -> str | None:
    """The error to show for a complaints phone number, or None."""
    why = dearer_than_basic_rate(number, country)
    if why is None:
        return None
    return (
        f"{number} is {why}. Complaining must cost no more than a basic-rate call "
        "(ISO 10002 4.6; FCA DISP 1.3.1AR): give a geographic (01, 02), 03, mobile or "
        "freephone number instead."
    )
