"""The rules both ways of recording a complaint apply: the single moves (receipt, decision,
closure) and the batch path of imports (lifecycle/batch). Each rule is written once, here,
as a plain function of values (no database, no complaint row), so a batch can apply it to
thousands of rows and a move to one locked complaint, with the same result.

The clocks (response targets, business days) are the deadlines app's, applied by both
paths through lifecycle/timing.py.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..errors import Text, fmt
from ..models import Outcome, Status
from ..models.complaint import ClosureReason
from ..models.decision import MONETARY, RemedyKind
from ._machine import CLOSURE_REASONS

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 10  # Remedy.amount: max_digits 12, decimal_places 2
OUTCOMES = frozenset(Outcome.values)
REMEDY_KINDS = frozenset(RemedyKind.values)


# ---------------------------------------------------------------- 7.7 the decision


def decision_errors(outcome: str, reasons: str) -> dict[str, Text]:
    """ISO 10002 7.7: a decision has one of the outcomes and gives its reasons."""
    errors = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = fmt(_("Choose one of: {choices}."), choices=", ".join(Outcome.values))
    if not (reasons or "").strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    return errors


def clean_remedies(
    remedies: list[dict], *, amounts_known: bool = True
) -> tuple[list[dict], dict[str, Text]]:
    """ISO 10002 7.7, 7.9: the remedies a decision offers, checked: a known kind; a refund
    or compensation with its amount in whole cents and a 3-letter currency. Other kinds
    carry no amount. `amounts_known=False` (imports only) accepts a refund or compensation
    without an amount, where the source system does not publish it. Returns (clean, errors)."""
    errors, clean = {}, []
    for i, item in enumerate(remedies or []):
        kind = item.get("kind")
        if kind not in REMEDY_KINDS:
            errors[f"remedies.{i}.kind"] = fmt(
                _("Choose one of: {choices}."), choices=", ".join(RemedyKind.values)
            )
            continue
        amount, currency = item.get("amount"), (item.get("currency") or "").upper()
        if kind in MONETARY:
            if amount is not None or amounts_known:
                amount, problem = _amount(amount)
                if problem:
                    errors[f"remedies.{i}.amount"] = problem
            if len(currency) != 3 or not currency.isalpha():
                errors[f"remedies.{i}.currency"] = _("Give a 3-letter currency code, e.g. GBP.")
        else:
            amount, currency = None, ""
        clean.append(
            {
                "kind": kind,
                "description": item.get("description", ""),
                "amount": amount,
                "currency": currency,
            }
        )
    return clean, errors


def _amount(value) -> tuple[Decimal | None, str]:
    try:
        amount = Decimal(str(value))
        if amount <= 0:
            raise ValueError
    except (ValueError, ArithmeticError):
        return None, "A refund or compensation needs an amount > 0."
    # Remedy.amount holds whole cents below 10^10: refuse what it would round or overflow
    # (Infinity, 0.001, 12345678901) rather than fail or alter it.
    if not (amount < MAX_AMOUNT and amount == amount.quantize(CENT)):
        return None, "Give the amount in whole cents, below 10,000,000,000."
    return amount, ""


# ---------------------------------------------------------------- 7.9 closure


def closure_reason_error(reason: str) -> Text:
    """ISO 10002 7.9: a closure names one of the closure reasons ("" when it does)."""
    if reason in CLOSURE_REASONS:
        return ""
    return fmt(_("Choose one of: {choices}."), choices=", ".join(CLOSURE_REASONS))


def closure_gate(
    status: str,
    reason: str,
    *,
    classified: bool,
    pending_remedies: list[str],
    unclassified: tuple[str, ...] = (),
) -> tuple[str, Text] | None:
    """ISO 10002 7.9, 8.2: why a complaint in `status` may not be closed for the (known)
    `reason` yet, as (what is missing, why): "reason" (not a reason for this state),
    "category" (not classified yet), "remedies" (some not carried out or waived). None
    when it may be closed."""
    if status not in CLOSURE_REASONS[ClosureReason(reason)]:
        return "reason", fmt(
            _("'{reason}' does not fit a complaint that is {status}"),
            reason=reason,
            status=Status(status).label,
        )
    if not classified:
        return "category", _("it is not classified yet (ISO 10002 8.2); classify it first")
    if unclassified:
        return unclassified[0], fmt(
            _("its regime asks for {fields} (DISP 1 Annex 1R); classify it first"),
            fields=", ".join(unclassified),
        )
    if pending_remedies:
        return "remedies", fmt(
            _("remedies not yet carried out or waived: {remedies}"),
            remedies=", ".join(pending_remedies),
        )
    return None


# The regimes whose complaints are reported to the FCA (DISP 1.10, 1 Annex 1R): each is
# classified on the return's product group and cause before it is closed.
FCA_REGIMES = frozenset({"fca", "fca_psd"})


def unclassified_for_regime(regime: str, *, fca_product: bool, fca_cause: bool) -> tuple[str, ...]:
    """The dimensions a complaint under `regime` still lacks for closure, by field name."""
    if regime not in FCA_REGIMES:
        return ()
    return tuple(
        n for n, have in (("fca_product", fca_product), ("fca_cause", fca_cause)) if not have
    )
