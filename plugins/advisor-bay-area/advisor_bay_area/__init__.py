"""Match Advisor strategy for the San Francisco Bay Area, for any IMG: content in
strategy.toml, guide.md and advice/, scoring and the Northern California share in rules.py."""

from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor_bay_area import rules

plugin = StrategyPlugin(__name__, rules)
