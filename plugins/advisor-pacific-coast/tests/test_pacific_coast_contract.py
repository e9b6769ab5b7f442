"""The plugin contract every region strategy keeps (advisor/plugin_contract.py)."""

from advisor.plugin_contract import StrategyContract


class TestPacificCoastContract(StrategyContract):
    plugin_name = "pacific_coast"
