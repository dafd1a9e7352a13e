from upheld.desk.queues.tests.conftest import receive, teams  # noqa: F401 — shared fixtures
