"""Match Advisor strategy for the Pacific Coast (California, Oregon, Washington): content in
strategy.toml, guide.md and advice/, the A/B/C tier and scoring in rules.py."""

from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor_pacific_coast import rules

plugin = StrategyPlugin(__name__, rules)
