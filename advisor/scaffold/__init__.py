"""Scaffolds a new region plugin package: `flask --app advisor plugins new NAME`.

`spec` checks what was asked for (the name, the states and counties) and resolves it against
the ZIP database; `render` writes the package from the templates in `templates/`.
"""

from advisor.scaffold.render import render_files, write_plugin
from advisor.scaffold.spec import PluginSpec, ScaffoldError, build_spec

__all__ = ["PluginSpec", "ScaffoldError", "build_spec", "render_files", "write_plugin"]
