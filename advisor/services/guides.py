"""Strategy guides: the general guide pages the enabled plugins contribute.

Each plugin's `advisor_guide` answer is checked before it is shown. A plugin that raises, or
answers with something that is not a GuidePage (or a list of them), is skipped and the failure
is recorded on the registry for the admins' plugins page; the other guides are still listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.plugin_registry import (
    MalformedResult,
    PluginRegistry,
    PluginWarning,
    expect_sequence_of,
    get_registry,
)
from advisor.hooks.types import GuidePage

HOOK = "advisor_guide"
# Slugs become part of the page's address.
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


@dataclass(frozen=True, slots=True)
class Guide:
    """One guide page and the plugin (and its regions' names) it came from."""

    plugin: str
    page: GuidePage
    regions: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.page.slug

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def summary(self) -> str:
        return self.page.summary

    @property
    def body(self) -> str:
        """The Markdown body without a leading heading that only repeats the title, which the
        page already shows as its main heading."""
        lines = self.page.body.lstrip("\n").split("\n", 1)
        first = lines[0].strip()
        if first.startswith("# ") and first[2:].strip().casefold() == self.title.strip().casefold():
            return lines[1] if len(lines) > 1 else ""
        return self.page.body


@dataclass(slots=True)
class GuideList:
    guides: list[Guide] = field(default_factory=list)
    warnings: list[PluginWarning] = field(default_factory=list)

    def find(self, slug: str) -> Guide | None:
        return next((g for g in self.guides if g.slug == slug), None)


def _problem(page: GuidePage) -> str | None:
    """Why a guide page cannot be shown, or None."""
    if not isinstance(page.slug, str) or not SLUG_PATTERN.match(page.slug):
        return f"guide slug {page.slug!r} is not lower-case letters, digits, '-' or '_'"
    for name in ("title", "summary", "body"):
        if not isinstance(getattr(page, name), str):
            return f"guide {page.slug!r} has a {name} that is not text"
    if not page.title.strip():
        return f"guide {page.slug!r} has no title"
    return None


def collect_guides(registry: PluginRegistry | None = None) -> GuideList:
    """Every enabled plugin's guide pages, checked, sorted by title."""
    registry = registry or get_registry()
    result = registry.call(HOOK)
    found = GuideList(warnings=list(result.warnings))
    region_names = {name: tuple(r.name for r in regions)
                    for name, regions in registry.plugin_regions().items()}
    # Earliest-registered first, so a plugin added later cannot take over a slug in use.
    for plugin, answer in reversed(result.answers):
        try:
            pages = [answer] if isinstance(answer, GuidePage) else expect_sequence_of(answer, GuidePage)
        except MalformedResult as exc:
            found.warnings.append(registry.fail(plugin, HOOK, str(exc)))
            continue
        for page in pages:
            problem = _problem(page)
            taken = found.find(page.slug) if problem is None else None
            if taken is not None:
                problem = f"guide slug {page.slug!r} is already used by {taken.plugin}"
            if problem:
                found.warnings.append(registry.fail(plugin, HOOK, problem))
                continue
            found.guides.append(Guide(plugin, page, region_names.get(plugin, ())))
    found.guides.sort(key=lambda g: (g.title.casefold(), g.slug))
    return found


def find_guide(slug: str, registry: PluginRegistry | None = None) -> Guide | None:
    return collect_guides(registry).find(slug)
