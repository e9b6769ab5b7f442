"""The plugin contract every region strategy keeps (advisor/plugin_contract.py)."""

from advisor.plugin_contract import StrategyContract


class TestBayAreaContract(StrategyContract):
    plugin_name = "bay_area"
