"""`flask --app advisor demo load`: the generated demo catalog, demo students and demo alumni."""

import time

import click
from flask.cli import AppGroup

from advisor.demo.catalog import DEFAULT_SIZE, MAX_SIZE

demo_group = AppGroup("demo",
                      help="Load the fictional demo catalog, demo students and demo alumni.")


@demo_group.command("load")
@click.option("--size", type=click.IntRange(1, MAX_SIZE), default=DEFAULT_SIZE, show_default=True,
              help="How many programs to generate (1,000 to 100,000 for benchmarks).")
def load_command(size: int) -> None:
    """Load (or refresh) the generated demo catalog, the demo students and the demo alumni
    (the three past seasons' students, with where they applied and how far they got).

    Program names and institutions are fictional; cities, states and ZIP codes are real.
    Loading again updates the demo data in place and never adds a second copy.
    """
    from advisor.demo.loader import load_demo

    started = time.perf_counter()
    result = load_demo(size)
    click.echo(f"Loaded {result} in {time.perf_counter() - started:.1f}s.")
    click.echo("The demo programs are fictional: their names and institutions are invented; "
               "their cities, states and ZIP codes are real.")


@demo_group.command("figures")
@click.option("--size", type=click.IntRange(1, MAX_SIZE), default=DEFAULT_SIZE, show_default=True,
              help="How many programs to generate.")
@click.option("--seeds", type=click.IntRange(1, 200), default=1, show_default=True,
              help="Pool the alumni of this many alumni seeds (1 is the demo as loaded).")
def figures_command(size: int, seeds: int) -> None:
    """Print the demo data's aggregates beside the published figures they follow: interview
    yields of matched and unmatched alumni, interview rate by Step 2 CK band, match rate by
    population, and the catalog's IMG share by specialty. Reads no database."""
    from advisor.demo.aggregates import report
    from advisor.demo.alumni import DEFAULT_ALUMNI_SEED, generate_alumni
    from advisor.demo.catalog import generate_catalog
    from advisor.services.seasons import current_season

    rows = generate_catalog(size)
    season = current_season()
    alumni = [a for k in range(seeds)
              for a in generate_alumni(rows, season, seed=DEFAULT_ALUMNI_SEED + k)]
    click.echo("\n".join(report(rows, alumni)))
