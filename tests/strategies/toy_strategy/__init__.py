"""A toy content strategy for the tests: a region, a guide, one advice template."""

from advisor.hooks.strategy_plugin import StrategyPlugin

plugin = StrategyPlugin(__name__)
