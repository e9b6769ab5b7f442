"""Match Advisor strategy for Los Angeles County, written for non-US-citizen IMGs."""
