"""`flask --app advisor programs import|export`: the catalog CSV."""

import click
from flask.cli import AppGroup

programs_group = AppGroup("programs", help="Import and export the program catalog as CSV.")
