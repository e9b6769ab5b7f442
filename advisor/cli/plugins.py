"""`flask --app advisor plugins list` and `flask --app advisor plugins new NAME`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from advisor.plugin_registry import get_registry
from advisor.scaffold import ScaffoldError, build_spec, write_plugin

plugins_group = AppGroup("plugins",
                         help="Inspect the region strategy plugins, or start a new one.")


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


@plugins_group.command("new")
@click.argument("name")
@click.option("--states", default="", metavar="TX,OK",
              help="Comma-separated codes of the states the region covers whole.")
@click.option("--counties", default="", metavar='"Harris County,TX;..."',
              help="Semicolon-separated counties, each as County Name,ST, spelled as the ZIP "
                   "database spells them.")
@click.option("--title", default=None,
              help="The region's name as students read it (default: NAME in title case).")
@click.option("--directory", default="plugins", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where to create the advisor-NAME folder.")
def new_plugin(name: str, states: str, counties: str, title: str | None,
               directory: Path) -> None:
    """Create a region strategy package, advisor-NAME, ready to install and test.

    NAME is the plugin's name and its region's slug: lower-case letters, digits and
    underscores, e.g. texas. The strategy is content an office edits: strategy.toml (the
    region, the list's shape, notes and remedies), a guide page and advice templates, with
    one line of Python for the entry point, a README and a test running the plugin contract.
    """
    registry = get_registry()
    # A name already in use would collide in `plugins list` and in students' target regions.
    taken = {info.name for info in registry.plugins()} | set(registry.regions())
    try:
        spec = build_spec(name, states, counties, title, taken=taken)
        target = write_plugin(spec, directory)
    except ScaffoldError as exc:
        raise click.BadParameter(str(exc), param_hint=exc.option) from None
    click.echo(f"Created {target}, the plugin {spec.name!r} for the region {spec.title!r}.")
    click.echo("Next:")
    click.echo(f"  pip install -e {target}")
    click.echo("  flask --app advisor plugins list")
    click.echo(f"  python -m pytest {target / 'tests'}")
