"""The scoring engine: score programs for one applicant, tier them, plan the list."""
