"""ISO 10002 7.5: priority from the initial assessment. Safety comes first."""

from .models.complaint import ASSESSMENT_SCALES, Priority


def compute_priority(
    severity: int,
    safety_implication: bool,
    complexity: int,
    impact: int,
    immediate_action_needed: bool,
) -> Priority:
    """Severity, complexity and impact on their scales (models.ASSESSMENT_SCALES: severity
    1–4, the others 1–3). Significant health and safety issues, anything needing immediate
    action and the top of the severity scale are urgent (7.5: "processed immediately")."""
    if safety_implication or immediate_action_needed or severity >= ASSESSMENT_SCALES["severity"]:
        return Priority.URGENT
    score = 2 * severity + impact + complexity
    if score >= 9:
        return Priority.HIGH
    if score >= 6:
        return Priority.MEDIUM
    return Priority.LOW
