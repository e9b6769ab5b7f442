"""`flask --app advisor calibration ...`: check the interview chances against outcomes, and
refit them to the published yields."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from advisor.enums import Specialty


@click.group("calibration", help="Check and refit the interview chances.")
def calibration_group() -> None:
    pass


@calibration_group.command("report", help=(
    "Predicted against observed interview rates, by Step 2 CK band and by tier, for every "
    "recorded outcome of a finished season (each season scored without its own outcomes)."))
@with_appcontext
def report_command() -> None:
    from advisor.services.calibration import calibration_report

    report = calibration_report()
    if not report.predictions:
        click.echo("No outcomes of a finished season are recorded: nothing to check.")
        return
    click.echo(f"{'Step 2 CK':<12}{'applications':>13}{'interviewed':>12}"
               f"{'observed':>10}{'predicted':>11}")
    for band in report.bands:
        click.echo(f"{band.label:<12}{band.applications:>13}{band.interviews:>12}"
                   f"{band.rate:>10.1%}{band.mean_chance:>11.1%}")
    click.echo()
    click.echo(f"{'Tier':<12}{'applications':>13}{'interviewed':>12}"
               f"{'observed':>10}{'predicted':>11}")
    for tier in report.tiers:
        if tier.applications:
            click.echo(f"{tier.tier.label:<12}{tier.applications:>13}{tier.interviews:>12}"
                       f"{tier.rate:>10.1%}{tier.mean_chance:>11.1%}")
    click.echo()
    click.echo(f"Brier score {report.brier:.3f}; the flat overall rate scores "
               f"{report.base_brier:.3f} (lower is better).")


@calibration_group.command("fit", help=(
    "Refit the score-to-chance constants to the published yields (docs/sources.md), using "
    "this catalog's internal medicine programs and the core rules only; prints the constants "
    "for advisor/scoring/chances.py and how close each reference applicant comes."))
@with_appcontext
def fit_command() -> None:
    from advisor.plugin_registry import CORE_PLUGIN_NAME, PluginRegistry
    from advisor.scoring import core_plugin
    from advisor.scoring.chance_fit import fit, score_references
    from advisor.services.catalog_cache import get_catalog_cache

    programs = get_catalog_cache().programs([Specialty.INTERNAL_MEDICINE])
    if not programs:
        raise click.ClickException("The catalog has no internal medicine programs to fit on.")
    registry = PluginRegistry()
    registry.register(core_plugin, CORE_PLUGIN_NAME)
    result = fit(score_references(programs, registry))
    click.echo(f"SLOPE = {result.slope}")
    click.echo("INTERCEPT = {")
    for population, value in result.intercepts.items():
        click.echo(f"    Population.{population.name}: {value},")
    click.echo("}")
    click.echo()
    for reference, expected in result.rows:
        click.echo(f"{reference.label:<42} {reference.applications} applications: "
                   f"published {reference.interviews:.1f} interviews, fitted {expected:.1f}")
