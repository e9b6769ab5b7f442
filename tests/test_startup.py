"""What building the app loads. Every command and server worker pays for it; the parts only some
commands need (migrations, Markdown, QR codes, the ZIP table, a password hash) load on use."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from advisor import MIGRATIONS_DIR
from advisor.extensions import db

SHOW_LOADED = """
import sys
from advisor import create_app
create_app()
from advisor.auth.passwords import dummy_hash
print(" ".join(sorted(m for m in ("alembic", "flask_migrate", "markdown_it", "segno", "zipcodes")
                      if m in sys.modules)) or "none")
print(dummy_hash.cache_info().currsize)
"""


def test_building_the_app_loads_no_part_that_only_some_commands_need(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "FLASK_"))}
    env.update(ADVISOR_INSTANCE_PATH=str(tmp_path), ADVISOR_SECRET_KEY=secrets.token_hex(32))
    done = subprocess.run([sys.executable, "-c", SHOW_LOADED], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded, hashes = done.stdout.split("\n")[:2]
    assert loaded == "none"
    assert hashes == "0"  # no password hashed (0.2 s and 64 MiB) before one is needed


def test_the_migration_commands_still_load_when_run(app, runner):  # type: ignore[no-untyped-def]
    listed = runner.invoke(args=["--help"])
    assert "db" in listed.output.split()
    result = runner.invoke(args=["db", "stamp", "head"])
    assert result.exit_code == 0, result.output
    with db.engine.connect() as connection:
        stamped = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
        assert list(stamped) == [ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()]
