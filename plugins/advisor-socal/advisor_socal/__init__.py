"""Match Advisor strategy for Southern California, written for US-citizen IMGs."""
