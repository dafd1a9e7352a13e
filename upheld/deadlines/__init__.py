"""Time limits (ISO 10002 4.4, 6.2, 7.3; DISP 1.5, 1.6; 21 CFR 803): business calendars,
regime profiles, and the clocks each complaint carries."""
