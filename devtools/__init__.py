"""Development and test infrastructure (never imported by metrokg itself)."""
