"""The lifecycle's batch path: receipt of complaints imported from another system (ISO 10002
7.2), under the same rules as the single moves. `receive.py` checks and records a batch,
`build.py` makes its rows and trail, `sql.py` writes them set-based.
"""

from .receive import BulkSession, IncomingRow, Pipeline, Resolution, receive_batch

__all__ = ["BulkSession", "IncomingRow", "Pipeline", "Resolution", "receive_batch"]
