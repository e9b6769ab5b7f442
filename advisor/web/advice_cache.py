"""A student's advice, rendered once and kept until something it shows changes.

Assessing a student and rendering the advice costs tens of milliseconds of CPU on a full
catalog, and the staff page and a share link may be opened many times. The rendered advice (not
the page around it, which carries request-specific parts such as the viewer, flashed messages,
share links and CSRF tokens) is kept per process, in a small LRU cache, once for the staff
page and once for the shared page (compressed: see RenderedAdvice), keyed on everything it is
built from:

- the student: id and version (every save of the student, including an edit of their
  experience, letters or ties, moves the version; see services.students.update_student);
- the catalog revision (any import or edit of a program moves it);
- the office's evidence (advisor.services.evidence.freshness: outcomes changed, students
  deleted or restored);
- the strategies: which plugins are loaded and enabled, their versions and regions, and their
  content as the plugin registry fingerprints it (`strategy_content_fingerprint`);
- the office's settings the assessment reads: the default strategies and the interview goals;
- the office's ERAS signal, fee and opening-day settings
  (advisor.services.season_costs.fingerprint);
- the season;
- the student's working list: its version (every pin, exclusion, note or status moves it),
  and on the staff page the list's filters and sort and whether the viewer may edit it.

The other office settings stored in the database (public guides, two-factor, retention) do not
reach the advice, so they are not in it. The key is read from the database with three one-row
queries; nothing is assessed to compute it. The plugin warnings of the assessment are kept beside the
staff page's advice, so admins still see which plugins failed.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from flask import Flask, current_app, render_template
from markupsafe import Markup

from advisor.models import Student
from advisor.plugin_registry import PluginWarning, get_registry
from advisor.services.data_state import data_state
from advisor.services.season_costs import fingerprint as season_costs_fingerprint
from advisor.services.seasons import current_season
from advisor.services.working_list import list_version
from advisor.web.advice_page import build_page
from advisor.web.worklist_view import ListOptions

EXTENSION_KEY = "advisor.advice_cache"


class RenderedAdvice(NamedTuple):
    # The HTML as zlib-compressed UTF-8: a page of 300 to 500 KB of text takes up to 1 MB as a
    # str (one en dash makes every character two bytes) and 40 to 50 KB packed; unpacking it
    # costs about half a millisecond a view.
    packed: bytes
    # The assessment's plugin failures, for the admins' notice on the staff page.
    warnings: tuple[PluginWarning, ...]

    @property
    def utf8(self) -> bytes:
        return zlib.decompress(self.packed)

    @property
    def html(self) -> Markup:
        return Markup(self.utf8.decode())  # noqa: S704 - rendered by Jinja with autoescape


def cached_advice(student: Student, shared: bool = False,
                  options: ListOptions | None = None) -> RenderedAdvice:
    """The student's advice as the staff page (with the working list as `options` say) or,
    `shared`, the share link's page shows it, from the cache when nothing it depends on has
    changed. Raises ProfileError as `build_page` does."""
    options = None if shared else options or ListOptions()
    return _cache().get((shared, options, *_key(student)),
                        lambda: _render(student, shared, options))


def _render(student: Student, shared: bool, options: ListOptions | None) -> RenderedAdvice:
    page = build_page(student, shared=shared, options=options)
    template = "advice/_shared_content.html" if shared else "advice/_staff_content.html"
    html = render_template(template, page=page)
    # zlib's fastest level: half the time of the default (about 1.5 ms instead of 3 for a
    # 500 KB page), for a packed page of about 45 KB instead of 32.
    return RenderedAdvice(zlib.compress(html.encode(), 1), tuple(page.warnings))


def _key(student: Student) -> tuple[Hashable, ...]:
    config = current_app.config
    state = data_state()
    return (student.id, student.version, state.catalog_revision, state.evidence,
            strategy_content_fingerprint(), config["DEFAULT_STRATEGIES"], current_season(),
            config["INTERVIEW_GOALS"], config["INTERVIEW_GOAL_DEFAULT"],
            season_costs_fingerprint(), list_version(student))


def strategy_content_fingerprint() -> Hashable:
    """What the strategies say, as far as the advice depends on it: the plugin set (names,
    versions, enabled or not, regions) and, when the plugin registry offers one, its
    `content_fingerprint()`.

    This is the hook point for strategy content read from files (a plugin's strategy.toml and
    Markdown templates): a registry that loads such files fingerprints them there, and an
    edited file then gives fresh pages without a new plugin version. Until it exists the plugin
    set stands in for the content.
    """
    registry = get_registry()
    plugins = tuple((info.name, info.version, info.enabled) for info in registry.plugins())
    regions = tuple(sorted(registry.regions()))
    content = getattr(registry, "content_fingerprint", None)
    return (plugins, regions, content() if callable(content) else None)


class RenderedPages:
    """A thread-safe LRU of rendered pages. A page missing from it is built once however many
    requests ask for it at the same moment; the others wait for that build."""

    def __init__(self, size: int) -> None:
        self._size = max(0, size)
        self._pages: OrderedDict[Hashable, RenderedAdvice] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], RenderedAdvice]) -> RenderedAdvice:
        page = self._cached(key)
        if page is not None:
            return page
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            page = self._cached(key)  # built by the request we waited for
            if page is None:
                page = build()
                self._store(key, page)
        with self._lock:
            self._building.pop(key, None)
        return page

    def _cached(self, key: Hashable) -> RenderedAdvice | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def _store(self, key: Hashable, page: RenderedAdvice) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def _cache(app: Flask | None = None) -> RenderedPages:
    # Flask types current_app as Flask, not as the proxy that has this method.
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    cache: Any = app.extensions.get(EXTENSION_KEY)
    if cache is None:
        cache = app.extensions.setdefault(
            EXTENSION_KEY, RenderedPages(int(app.config["ADVICE_CACHE_SIZE"])))
    return cache
