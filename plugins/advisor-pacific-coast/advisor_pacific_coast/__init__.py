"""Match Advisor strategy for the Pacific Coast (California, Oregon, Washington)."""
