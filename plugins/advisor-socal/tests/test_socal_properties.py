"""The properties the core relies on, searched for the SoCal adjustments and advice
(advisor/plugin_properties.py)."""

from advisor.plugin_properties import AdjustmentProperties

from advisor_socal import plugin


class TestSocalProperties(AdjustmentProperties):
    subject = plugin
