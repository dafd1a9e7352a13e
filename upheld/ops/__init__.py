"""Running Upheld: `upheld serve` (web server + background worker)."""
