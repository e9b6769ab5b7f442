"""`flask --app advisor plugins list`."""

import click
from flask.cli import AppGroup

plugins_group = AppGroup("plugins", help="Inspect the region strategy plugins.")
