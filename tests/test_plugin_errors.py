"""Plugin failures kept in the database for the plugins page of every worker
(advisor.services.plugin_errors): how many are kept, and what happens when they cannot be."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import func, select

from advisor.extensions import db
from advisor.models import PluginErrorEntry
from advisor.plugin_registry import ERRORS_KEPT_PER_PLUGIN, get_registry
from advisor.services.plugin_errors import recent_errors, save_unsaved


def stored_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PluginErrorEntry)) or 0


def test_each_plugin_keeps_its_newest_failures(app: Flask) -> None:
    registry = get_registry(app)
    for number in range(ERRORS_KEPT_PER_PLUGIN + 5):
        registry.fail("flaky", "advisor_advice", f"failure {number}")
    registry.fail("other", "advisor_regions", "other failure")
    save_unsaved(registry)
    assert stored_count() == ERRORS_KEPT_PER_PLUGIN + 1
    registry.fail("flaky", "advisor_advice", "one more")
    save_unsaved(registry)
    assert stored_count() == ERRORS_KEPT_PER_PLUGIN + 1
    kept = [e.message for e in recent_errors(registry, "flaky")]
    assert kept == [f"failure {n}" for n in range(6, ERRORS_KEPT_PER_PLUGIN + 5)] + ["one more"]
    assert [e.message for e in recent_errors(registry, "other")] == ["other failure"]


def test_a_long_message_is_stored_cut_short_and_shown_once(app: Flask) -> None:
    registry = get_registry(app)
    registry.fail("flaky", "advisor_advice", "x" * 10_000)
    save_unsaved(registry)
    stored = db.session.scalar(select(PluginErrorEntry.message))
    assert stored is not None and 0 < len(stored) < 10_000
    # This process still holds the whole message; the page lists the failure once.
    [shown] = recent_errors(registry, "flaky")
    assert len(shown.message) == 10_000


def test_failures_to_load_stay_in_memory_each_worker_meets_them(app: Flask) -> None:
    registry = get_registry(app)
    registry.record_error("broken", "load", "ImportError: no module named broken")
    save_unsaved(registry)
    assert stored_count() == 0
    assert [e.hook for e in recent_errors(registry, "broken")] == ["load"]


def test_failures_the_database_cannot_take_are_still_shown_by_this_worker(
        app: Flask, caplog) -> None:  # type: ignore[no-untyped-def]
    registry = get_registry(app)
    PluginErrorEntry.__table__.drop(db.engine)
    try:
        registry.fail("flaky", "advisor_advice", "RuntimeError: boom")
        with caplog.at_level(logging.WARNING, logger="advisor.services.plugin_errors"):
            save_unsaved(registry)
        assert "could not store 1 plugin failure" in caplog.text
        assert not registry.has_unsaved()
        assert [e.message for e in registry.recent_errors("flaky")] == ["RuntimeError: boom"]
    finally:
        PluginErrorEntry.__table__.create(db.engine)
