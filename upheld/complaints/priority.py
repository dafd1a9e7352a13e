"""ISO 10002 7.5: priority from the initial assessment. Safety comes first."""

URGENT, HIGH, MEDIUM, LOW = "urgent", "high", "medium", "low"
ORDER = {URGENT: 0, HIGH: 1, MEDIUM: 2, LOW: 3}


def compute_priority(
    severity: int,
    safety_implication: bool,
    complexity: int,
    impact: int,
    immediate_action_needed: bool,
) -> str:
    """Severity 1–4, complexity and impact 1–3. Significant health and safety issues and
    anything needing immediate action are urgent (7.5: "processed immediately")."""
    if safety_implication or immediate_action_needed or severity >= 4:
        return URGENT
    score = 2 * severity + impact + complexity
    if score >= 9:
        return HIGH
    if score >= 6:
        return MEDIUM
    return LOW
