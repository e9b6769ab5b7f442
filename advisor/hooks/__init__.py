"""The plugin interface: markers, hook specifications, the data types plugins exchange, and
the kit region strategies are built from.

A plugin module imports `hookimpl` from here and decorates functions named like the specs in
`advisor.hooks.specs`, and declares `ADVISOR_HOOK_API = HOOK_API_VERSION`. A region strategy
is usually content instead: `advisor.hooks.strategy_plugin.StrategyPlugin` reads its
strategy.toml and advice templates. Nothing in this package imports Flask, the database or
the host's scoring: plugins can be tested on their own.
"""

import pluggy

PROJECT_NAME = "advisor"
ENTRY_POINT_GROUP = "advisor.plugins"

# The hook contract's version. A plugin declares the version it was written for
# (ADVISOR_HOOK_API); the host refuses a plugin that declares none or another major version.
HOOK_API_VERSION = 2

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["ENTRY_POINT_GROUP", "HOOK_API_VERSION", "PROJECT_NAME", "hookimpl", "hookspec"]
