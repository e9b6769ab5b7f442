"""The plugin interface: markers, hook specifications and the data types plugins exchange.

A plugin module imports `hookimpl` from here and decorates functions named like the specs in
`advisor.hooks.specs`.
"""

import pluggy

PROJECT_NAME = "advisor"
ENTRY_POINT_GROUP = "advisor.plugins"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["ENTRY_POINT_GROUP", "PROJECT_NAME", "hookimpl", "hookspec"]
