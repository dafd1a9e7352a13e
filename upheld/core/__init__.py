"""Shared mechanisms that every feature app uses and none owns: the periodic-job scheduler,
the outbox (claim, send outside the transaction, retry with back-off, sweep, visible
failure) and absolute links built by URL name.

It imports nothing else of Upheld (only Django and libraries), so any app may use it and
it never pulls a feature in. ISO 10002 4.4 (nothing waits on a person to remember it)."""
