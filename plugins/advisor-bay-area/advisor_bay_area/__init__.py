"""Match Advisor strategy for the San Francisco Bay Area: any IMG, nine counties."""
