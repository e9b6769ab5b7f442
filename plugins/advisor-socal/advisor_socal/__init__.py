"""Match Advisor strategy for Southern California, written for US-citizen IMGs: its numbers
and plan in strategy.toml, its advice in advice/*.md.j2, its scoring in rules.py."""

from advisor.hooks.strategy_plugin import StrategyPlugin

from advisor_socal import rules

plugin = StrategyPlugin(__name__, rules)
