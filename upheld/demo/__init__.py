"""A demo organisation (Demo Bank plc) with real public CFPB complaints in every stage."""
