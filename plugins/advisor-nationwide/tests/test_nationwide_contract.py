"""The plugin contract every region strategy keeps (advisor/plugin_contract.py)."""

from advisor.plugin_contract import StrategyContract


class TestNationwideContract(StrategyContract):
    plugin_name = "nationwide"
