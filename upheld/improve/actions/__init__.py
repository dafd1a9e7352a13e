"""Every change to the improvement records (ISO 10002 8.7), one module per record: root
causes (root_causes.py), corrective and preventive actions (capa.py) and their evidence
(evidence.py), effectiveness checks (effectiveness.py), the periodic reminders (due.py) and
external bodies' decisions (external.py). Each function checks who acts, checks its input
(InvalidInput naming the field; nothing is changed on refusal), writes in one transaction
and appends a Step.

The contract other apps rely on (upheld.assurance raises actions from audit findings and
management-review decisions and links its records to them):

    raise_action(*, by, what, kind, owner, due, origin, note="") -> Action
"""

from .capa import close, complete, raise_action, reopen

__all__ = ["close", "complete", "raise_action", "reopen"]
