"""Plugin failures shared by every server worker, for the admins' plugin page.

The plugin registry keeps each process's own failures in memory. A failure met while serving
is met by one worker only, so at the end of the app context it happened in (a request, an
import job, a command) it is stored in the database, bounded to the newest
ERRORS_KEPT_PER_PLUGIN per plugin; the page reads them back whichever worker answers. Failures
to load a plugin stay in memory: every worker meets them alike when it starts.
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from advisor.extensions import db
from advisor.models import PluginErrorEntry
from advisor.plugin_registry import ERRORS_KEPT_PER_PLUGIN, PluginError, PluginRegistry, get_registry

log = logging.getLogger(__name__)
# A failure's message is stored up to this long (a plugin may put anything in an exception).
MESSAGE_LENGTH = 2000


def init_plugin_errors(app: Flask) -> None:
    app.teardown_appcontext(_save_at_teardown)


def _save_at_teardown(_error: BaseException | None) -> None:
    registry = get_registry()
    if registry.has_unsaved():
        save_unsaved(registry)


def save_unsaved(registry: PluginRegistry) -> None:
    """Store the failures the registry has not stored yet; never raises. The app context's
    session is ended first: on SQLite a write it still held would make this wait for itself."""
    failures = registry.take_unsaved()
    if not failures:
        return
    db.session.remove()
    rows = [{"plugin": plugin[:100], "hook": error.hook[:100],
             "message": error.message[:MESSAGE_LENGTH], "at": error.at}
            for plugin, error in failures]
    try:
        with db.engine.begin() as connection:
            connection.execute(insert(PluginErrorEntry), rows)
            for plugin in {row["plugin"] for row in rows}:
                newest = (select(PluginErrorEntry.id).where(PluginErrorEntry.plugin == plugin)
                          .order_by(PluginErrorEntry.id.desc()).limit(ERRORS_KEPT_PER_PLUGIN))
                connection.execute(delete(PluginErrorEntry).where(
                    PluginErrorEntry.plugin == plugin, PluginErrorEntry.id.not_in(newest)))
    except SQLAlchemyError:
        # This worker still shows them from memory.
        log.warning("could not store %d plugin failure(s) for the other workers",
                    len(failures), exc_info=True)


def recent_errors(registry: PluginRegistry, plugin: str) -> list[PluginError]:
    """The newest failures of `plugin`, oldest first: those any worker stored and those this
    process holds (failures to load, and any not stored yet), each once."""
    stored = db.session.execute(
        select(PluginErrorEntry.at, PluginErrorEntry.hook, PluginErrorEntry.message)
        .where(PluginErrorEntry.plugin == plugin)
        .order_by(PluginErrorEntry.id.desc()).limit(ERRORS_KEPT_PER_PLUGIN))
    # Keyed by when and where: a stored message may be cut short of the one held here.
    errors = {(at, hook): PluginError(at, hook, message) for at, hook, message in stored}
    errors.update({(e.at, e.hook): e for e in registry.recent_errors(plugin)})
    return sorted(errors.values(), key=lambda e: e.at)[-ERRORS_KEPT_PER_PLUGIN:]


def plugins_with_errors(registry: PluginRegistry) -> set[str]:
    """The plugins with a recent failure, stored by any worker or held by this one."""
    stored = set(db.session.scalars(select(PluginErrorEntry.plugin).distinct()))
    held = {info.name for info in registry.plugins() if registry.recent_errors(info.name)}
    return stored | held
