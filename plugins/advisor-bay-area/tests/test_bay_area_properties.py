"""The properties the core relies on, searched for the Bay Area adjustments and advice
(advisor/plugin_properties.py)."""

from advisor_bay_area import plugin

from advisor.plugin_properties import AdjustmentProperties


class TestBayAreaProperties(AdjustmentProperties):
    subject = plugin
