"""Match Advisor strategy for Los Angeles County, written for non-US-citizen IMGs: its
numbers, plan and priority groups in strategy.toml, its advice in advice/*.md.j2, its
scoring in rules.py."""

from advisor.hooks.strategy_plugin import StrategyPlugin

from advisor_los_angeles import rules

plugin = StrategyPlugin(__name__, rules)
