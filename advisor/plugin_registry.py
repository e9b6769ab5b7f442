"""Loads plugins for one app and calls their hooks, isolating each plugin's failures."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, UTC
import hashlib
from importlib.metadata import entry_points
from pathlib import Path
from time import perf_counter
from types import ModuleType
from typing import Any

import pluggy
from flask import Flask, current_app

from advisor.hooks import ENTRY_POINT_GROUP, HOOK_API_VERSION, PROJECT_NAME, specs
from advisor.hooks.templating import ContentError
from advisor.hooks.types import Region

log = logging.getLogger(__name__)

CORE_PLUGIN_NAME = "core"
EXTENSION_KEY = "advisor.plugins"
ERRORS_KEPT_PER_PLUGIN = 20
# Failures met while serving, waiting to be stored for the other workers (take_unsaved); more
# than this many unsaved at once (the database is unreachable) drops the oldest.
UNSAVED_KEPT = 200


@dataclass(frozen=True, slots=True)
class PluginWarning:
    """A plugin failure as reported in an assessment's `warnings`."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class PluginError:
    """A plugin failure as kept for the admins' plugin page."""

    at: datetime
    hook: str
    message: str


@dataclass(slots=True)
class PluginInfo:
    name: str
    version: str
    enabled: bool
    hooks: tuple[str, ...] = ()
    load_error: str | None = None


@dataclass(slots=True)
class HookResult:
    """What each plugin answered, in call order, plus the failures met on the way."""

    answers: list[tuple[str, Any]] = field(default_factory=list)
    warnings: list[PluginWarning] = field(default_factory=list)
    # Seconds each plugin's implementation took, failed calls included.
    seconds: dict[str, float] = field(default_factory=dict)


class MalformedResult(ValueError):
    """A plugin returned data of the wrong shape; the message says what was wrong."""


class PluginRefused(ValueError):
    """An installed plugin the host will not load; the message says why."""


def check_api_version(plugin: object) -> None:
    """Refuse a plugin written for another hook API, or one that does not say."""
    declared = getattr(plugin, "ADVISOR_HOOK_API", None)
    if declared is None:
        raise PluginRefused(f"declares no ADVISOR_HOOK_API; this host speaks version "
                            f"{HOOK_API_VERSION} (set ADVISOR_HOOK_API = {HOOK_API_VERSION} "
                            "after checking the plugin against docs/plugins.md)")
    if declared != HOOK_API_VERSION:
        raise PluginRefused(f"was written for hook API {declared!r}; this host speaks "
                            f"version {HOOK_API_VERSION}")


class PluginRegistry:
    """The app's plugin manager plus what the core needs around it."""

    def __init__(self, disabled: Iterable[str] = (), strategies_dir: Path | None = None) -> None:
        self.strategies_dir = strategies_dir
        self.pm = pluggy.PluginManager(PROJECT_NAME)
        self.pm.add_hookspecs(specs)
        self.disabled = {name.strip() for name in disabled if name.strip()} - {CORE_PLUGIN_NAME}
        self._infos: dict[str, PluginInfo] = {}
        self._errors: dict[str, deque[PluginError]] = {}
        self._unsaved: deque[tuple[str, PluginError]] = deque(maxlen=UNSAVED_KEPT)
        self._lock = threading.Lock()
        self._regions: dict[str, tuple[str, Region]] | None = None
        self._region_warnings: list[PluginWarning] = []

    # ------------------------------------------------------------------ registration

    def register(self, plugin: ModuleType | object, name: str, version: str = "") -> None:
        """Register a plugin; a hook name no spec defines (a misspelling) is refused with
        pluggy's message and the plugin is not registered."""
        self.pm.register(plugin, name=name)
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=name)
            raise PluginRefused(f"implements a hook the host does not define: {exc}") from None
        self._infos[name] = PluginInfo(name, version, True, self.hooks_of(name))
        self._regions = None

    def load_content(self, name: str, plugin: object) -> None:
        """Give a content strategy its office overrides; a broken override is reported on
        the plugins page and the shipped files are used instead."""
        load = getattr(plugin, "load_content", None)
        if load is None:
            return
        problem = load(self.strategies_dir)
        if problem:
            log.error("plugin %s: %s", name, problem)
            self.record_error(name, "content", problem)

    def content_fingerprint(self) -> str:
        """A hash of the plugin set and every strategy's content files, for caches of
        rendered advice: it changes when a plugin or an office's strategy file changes."""
        digest = hashlib.sha256()
        for name, plugin in sorted(self.pm.list_name_plugin(), key=lambda item: item[0]):
            digest.update(name.encode() + b"\0")
            digest.update(str(getattr(plugin, "fingerprint", "")).encode() + b"\0")
        return digest.hexdigest()

    def unregister(self, name: str) -> None:
        self.pm.unregister(name=name)
        self._infos.pop(name, None)
        self._regions = None

    def load_entry_points(self) -> None:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            version = ep.dist.version if ep.dist else ""
            if ep.name in self.disabled:
                self._infos[ep.name] = PluginInfo(ep.name, version, enabled=False)
                continue
            if ep.name in self._infos:
                continue
            try:
                plugin = ep.load()
                check_api_version(plugin)
                self.load_content(ep.name, plugin)
                self.register(plugin, name=ep.name, version=version)
            except (PluginRefused, ContentError) as exc:
                log.error("plugin %s refused: %s", ep.name, exc)
                self._infos[ep.name] = PluginInfo(ep.name, version, False, load_error=str(exc))
                self.record_error(ep.name, "load", str(exc))
            except Exception as exc:  # a broken plugin must not stop the app
                log.exception("plugin %s failed to load", ep.name)
                self._infos[ep.name] = PluginInfo(ep.name, version, False, load_error=repr(exc))
                self.record_error(ep.name, "load", repr(exc))

    # ------------------------------------------------------------------ introspection

    def hooks_of(self, name: str) -> tuple[str, ...]:
        plugin = self.pm.get_plugin(name)
        if plugin is None:
            return ()
        return tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))

    def plugins(self) -> list[PluginInfo]:
        return sorted(self._infos.values(), key=lambda i: (i.name != CORE_PLUGIN_NAME, i.name))

    def record_error(self, plugin: str, hook: str, message: str, *, unsaved: bool = False
                     ) -> None:
        """Keep a failure for the plugins page. `unsaved` ones (met while serving, so perhaps
        by this worker alone) also wait in `take_unsaved` to be stored for every worker;
        failures to load are met by every worker alike."""
        error = PluginError(datetime.now(UTC), hook, message)
        with self._lock:
            self._errors.setdefault(plugin, deque(maxlen=ERRORS_KEPT_PER_PLUGIN)).append(error)
            if unsaved:
                self._unsaved.append((plugin, error))

    def recent_errors(self, plugin: str) -> list[PluginError]:
        """This process's recent failures of `plugin`, oldest first."""
        with self._lock:
            return list(self._errors.get(plugin, ()))

    def has_unsaved(self) -> bool:
        return bool(self._unsaved)

    def take_unsaved(self) -> list[tuple[str, PluginError]]:
        """The failures not stored yet, as (plugin, error), now handed over to the caller."""
        with self._lock:
            taken = list(self._unsaved)
            self._unsaved.clear()
            return taken

    # ------------------------------------------------------------------ regions

    def regions(self) -> dict[str, tuple[str, Region]]:
        """Region slug -> (owning plugin, region), asked of the plugins once and then kept."""
        if self._regions is None:
            regions: dict[str, tuple[str, Region]] = {}
            warnings: list[PluginWarning] = []
            result = self.call("advisor_regions")
            for plugin, answer in result.answers:
                try:
                    checked = expect_sequence_of(answer, Region)
                except MalformedResult as exc:
                    warnings.append(self.fail(plugin, "advisor_regions", str(exc)))
                    continue
                for region in checked:
                    if region.slug in regions:
                        warnings.append(self.fail(plugin, "advisor_regions",
                                                  f"region {region.slug!r} is already declared "
                                                  f"by {regions[region.slug][0]}"))
                        continue
                    regions[region.slug] = (plugin, region)
            self._region_warnings = result.warnings + warnings
            self._regions = regions
        return self._regions

    def region_warnings(self) -> list[PluginWarning]:
        self.regions()
        return list(self._region_warnings)

    def audience(self, slug: str) -> tuple[str, ...]:
        """Whom the strategy of region `slug` is written for (keys of hooks.strategy.AUDIENCES),
        as its content declares; empty when it does not say (everyone, or not a content
        strategy)."""
        owner = self.regions().get(slug)
        content = getattr(self.pm.get_plugin(owner[0]), "content", None) if owner else None
        if content is None or getattr(content, "slug", slug) != slug:
            return ()
        return tuple(getattr(content, "audience", ()) or ())

    def plugin_regions(self) -> dict[str, list[Region]]:
        """Plugin name -> its regions (empty for office-wide plugins such as the core)."""
        by_plugin: dict[str, list[Region]] = {name: [] for name in self.pm_names()}
        for plugin, region in self.regions().values():
            by_plugin.setdefault(plugin, []).append(region)
        return by_plugin

    def pm_names(self) -> list[str]:
        return [name for name, _ in self.pm.list_name_plugin()]

    # ------------------------------------------------------------------ calling hooks

    def call(self, hook_name: str, kwargs: Mapping[str, Any] | None = None,
             kwargs_for: Callable[[str], Mapping[str, Any] | None] | None = None,
             only: Callable[[str], bool] | None = None) -> HookResult:
        """Call every implementation of a hook, one plugin at a time, in pluggy's order.

        `kwargs_for(plugin_name)` may give each plugin its own arguments (None skips it);
        `only(plugin_name)` restricts which plugins are called. An exception is caught,
        logged, recorded and turned into a warning; the other plugins still run.
        """
        hook = getattr(self.pm.hook, hook_name)
        result = HookResult()
        # pluggy runs implementations last-registered first, trylast ones at the end.
        for impl in reversed(hook.get_hookimpls()):
            name = impl.plugin_name
            if only is not None and not only(name):
                continue
            call_kwargs = kwargs_for(name) if kwargs_for else kwargs or {}
            if call_kwargs is None:
                continue
            started = perf_counter()
            try:
                answer = impl.function(**{k: call_kwargs[k] for k in impl.argnames})
            except Exception as exc:
                result.seconds[name] = perf_counter() - started
                log.exception("plugin %s failed in %s", name, hook_name)
                result.warnings.append(self.fail(name, hook_name, f"{type(exc).__name__}: {exc}"))
                continue
            result.seconds[name] = perf_counter() - started
            result.answers.append((name, answer))
        return result

    def fail(self, plugin: str, hook: str, message: str) -> PluginWarning:
        """Log and record a plugin failure; return it as a warning for the result."""
        log.warning("plugin %s skipped in %s: %s", plugin, hook, message)
        self.record_error(plugin, hook, message, unsaved=True)
        return PluginWarning(plugin, f"{hook} skipped: {message}")


def expect_sequence_of(answer: Any, kind: type) -> list[Any]:
    """Check a hook's answer is None or a list/tuple of `kind`; raise MalformedResult if not."""
    if answer is None:
        return []
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)):
        raise MalformedResult(f"expected a list of {kind.__name__}, got {type(answer).__name__}")
    bad = [item for item in answer if not isinstance(item, kind)]
    if bad:
        raise MalformedResult(f"expected {kind.__name__} items, got {type(bad[0]).__name__}")
    return list(answer)


def _disabled_from_config(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split(",")
    return [str(v) for v in value or ()]


def init_plugins(app: Flask) -> PluginRegistry:
    """Create the app's plugin registry: the core's defaults (trylast) plus installed plugins."""
    from advisor import __version__
    from advisor.scoring import core_plugin

    strategies_dir = Path(app.config.get("STRATEGIES_DIR") or Path(app.instance_path,
                                                                   "strategies"))
    registry = PluginRegistry(disabled=_disabled_from_config(app.config.get("PLUGINS_DISABLED")),
                              strategies_dir=strategies_dir)
    # The core's scoring defaults are a plugin whose hooks are all marked trylast, so region
    # plugins never depend on registration order.
    registry.register(core_plugin, name=CORE_PLUGIN_NAME, version=__version__)
    registry.load_entry_points()
    app.extensions[EXTENSION_KEY] = registry
    return registry


def get_registry(app: Flask | None = None) -> PluginRegistry:
    return (app or current_app).extensions[EXTENSION_KEY]
