"""Nationwide IMG-friendly strategy: where IMGs with modest scores actually match, anywhere in
the country, and how to build a list broad and safe enough to get there. Its content is
strategy.toml, guide.md and advice/; rules.py holds what data cannot express."""

from advisor.hooks.strategy_plugin import StrategyPlugin

from advisor_nationwide import rules

plugin = StrategyPlugin(__name__, rules)
