"""The plugin contract every region strategy keeps (advisor/plugin_contract.py)."""

from advisor.plugin_contract import StrategyContract


class TestLosAngelesContract(StrategyContract):
    plugin_name = "los_angeles"
