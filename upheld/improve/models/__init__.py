"""The records of continual improvement (ISO 10002 8.7; capability rows 46 and 55): root
cause analyses, corrective and preventive actions with their evidence, alerts and
effectiveness checks, and the decisions of external bodies recorded back. Records only:
every change is made by `upheld.improve.actions`."""

from .capa import Action, ActionAlert, ActionState, Evidence, Kind, Origin
from .effect import EffectivenessCheck, Verdict
from .external import ExternalDecision, Finding
from .root_cause import Method, RootCause, RootCauseState
from .step import Step

__all__ = [
    "Action",
    "ActionAlert",
    "ActionState",
    "EffectivenessCheck",
    "Evidence",
    "ExternalDecision",
    "Finding",
    "Kind",
    "Method",
    "Origin",
    "RootCause",
    "RootCauseState",
    "Step",
    "Verdict",
]
