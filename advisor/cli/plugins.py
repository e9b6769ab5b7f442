"""`flask --app advisor plugins list`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from advisor.hooks.manager import get_registry

plugins_group = AppGroup("plugins", help="Inspect the region strategy plugins.")


@plugins_group.command("list")
def list_plugins() -> None:
    """Show each plugin: name, version, regions, hooks implemented, enabled or not."""
    registry = get_registry()
    regions = registry.plugin_regions()
    for info in registry.plugins():
        state = "enabled" if info.enabled else ("failed to load" if info.load_error else "disabled")
        slugs = ", ".join(r.slug for r in regions.get(info.name, [])) or "-"
        click.echo(f"{info.name}  {info.version or '?'}  [{state}]")
        click.echo(f"    regions: {slugs}")
        click.echo(f"    hooks:   {', '.join(info.hooks) or '-'}")
        if info.load_error:
            click.echo(f"    error:   {info.load_error}")
