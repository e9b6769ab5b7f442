"""`flask --app advisor demo load`: the generated national demo catalog and demo students."""

import click
from flask.cli import AppGroup

demo_group = AppGroup("demo", help="Load the fictional demo catalog and demo students.")
