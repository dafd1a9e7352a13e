"""The inputs of the moves that the regimes bring (ISO 10002 7.6, FCA DISP 1.6, FDA 21 CFR
803): choosing a complaint's regime, a holding response, an MDR evaluation and its report.
As inputs.py: the shape of the input only; the lifecycle checks the rest."""

from datetime import date
from typing import Literal

from pydantic import Field

from upheld.deadlines.regimes import Regime

from .inputs import Input, _


class ChooseRegime(Input):
    regime: Literal[tuple(Regime.values)] = Field(  # type: ignore[valid-type]
        ...,
        title=_("Regime"),
        description=_(
            "The regime whose time limits apply: iso, fca (DISP 1), fca_psd (payment "
            "services and e-money, DISP 1.6.2A) or fda (medical devices)."
        ),
    )
    reason: str = Field(..., min_length=1, title=_("Reason"))


class SendHoldingResponse(Input):
    reason: str = Field(
        ..., min_length=1, title=_("Why the final response is not ready"),
        description=_("Sent to the complainant."),
    )  # fmt: skip
    expected_by: date = Field(..., title=_("Final response expected by"))


class EvaluateReportability(Input):
    reportable: bool = Field(..., title=_("MDR reportable"))
    event: Literal["", "death", "serious_injury", "malfunction"] = Field(
        "",
        title=_("Event"),
        description=_("For a reportable one: death, serious_injury or malfunction."),
    )
    rationale: str = Field(..., min_length=1, title=_("Rationale"))
    aware_on: date = Field(
        ..., title=_("Aware on"), description=_("When the organisation became aware of the event.")
    )
    remedial_action: bool = Field(
        False,
        title=_("Remedial action needed"),
        description=_("To prevent an unreasonable risk of substantial harm (5-day report)."),
    )
    fda_requested: bool = Field(
        False, title=_("FDA asked in writing"), description=_("For a 5-day report.")
    )
    supplemental: bool = Field(
        False,
        title=_("New information on a reported event"),
        description=_("Starts a supplemental report's 30 days."),
    )


class RecordMdrReport(Input):
    report: Literal["30_day", "5_day", "supplemental"] = Field(..., title=_("Report"))
    submitted_on: date = Field(..., title=_("Submitted on"))
    report_number: str = Field("", max_length=100, title=_("Report number"))
