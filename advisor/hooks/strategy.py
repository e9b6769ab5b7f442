"""A region strategy's content: strategy.toml, its guide and its advice templates.

The files live in the plugin's package; an office overrides any of them by putting a file of
the same name under `instance/strategies/<slug>/` (read at start-up). Every value is checked
when the content loads; an office's edited files are also rendered once against sample
profiles (shipped files are, by their plugin's contract tests), so a mistake is reported
then, with the file and the line, not in front of a student.

The format is documented in docs/plugins.md ("Strategy files").
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from advisor.enums import US_STATES, RemedyKind
from advisor.hooks.areas import Area, UnknownArea, area
from advisor.hooks.facts import FACTS
from advisor.hooks.templating import (
    Condition, ContentError, compile_condition, compile_template, make_environment,
)
from advisor.hooks.types import ADVICE_THEMES, PriorityGroup, Region, RegionCap

STRATEGY_FILE = "strategy.toml"
ADVICE_DIR = "advice"
TIER_SHARES = ("reach", "target", "safety")
# Whom a strategy is written for; the student form warns when a student is not among them.
AUDIENCES = {
    "us_citizen": "US-citizen IMGs",
    "non_us_no_visa": "non-US IMGs who need no visa (for example permanent residents)",
    "visa_needed": "IMGs who need a visa",
}
# Every key strategy.toml may hold, by table ("" is the top level; "plan.caps" an entry of
# that list). Any other key is refused, since a misspelt key would otherwise be ignored.
# [numbers], [tiers.meaning] and [assessment.flags] hold the strategy's own names.
KEYS: dict[str, tuple[str, ...]] = {
    "": ("strategy", "region", "guide", "plan", "remedies", "numbers", "tiers", "assessment",
         "advice"),
    "strategy": ("slug", "name", "summary", "audience"),
    "region": ("area", "states", "counties", "name", "summary", "min_img_share"),
    "guide": ("title", "summary", "file"),
    "plan": ("total", "total_competitive", "broaden_by", "broaden_when", "shares", "caps",
             "notes", "priority_groups"),
    "plan.caps": ("max", "min", "region", "states", "area", "label"),
    "plan.priority_groups": ("label", "area", "min_non_us_img_share"),
    "plan.notes": ("text", "when"),
    "remedies": ("kind", "text", "when"),
    "tiers": ("scale", "meaning"),
    "assessment": ("summary", "flags"),
    "advice": ("template", "title", "theme", "order", "requires", "when"),
}


@dataclass(frozen=True, slots=True)
class Conditional:
    """A piece of text (a Jinja template string) shown when its `when` expression holds."""

    template: Any
    when: Condition | None
    path: Path
    kind: str = ""


@dataclass(frozen=True, slots=True)
class AdviceEntry:
    template: Any
    path: Path
    title: str
    theme: str | None
    order: int
    requires: tuple[str, ...] = ()
    when: Condition | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    name: str
    when: Condition | None


@dataclass(frozen=True)
class StrategyContent:
    """Everything read from a strategy's files, checked and compiled."""

    slug: str
    name: str
    summary: str
    audience: tuple[str, ...]
    geography: Area | Region | None
    region: Region | None
    guide_title: str = ""
    guide_summary: str = ""
    guide_body: str = ""
    total: tuple[int, int] | None = None
    total_competitive: tuple[int, int] | None = None
    broaden_by: int = 0
    broaden_when: Condition | None = None
    shares: Mapping[str, tuple[float, float]] | None = None
    caps: tuple[RegionCap, ...] = ()
    priority_groups: tuple[PriorityGroup, ...] = ()
    notes: tuple[Conditional, ...] = ()
    remedies: tuple[Conditional, ...] = ()
    numbers: Mapping[str, Any] = field(default_factory=dict)
    tier_scale: str = ""
    tier_meaning: Mapping[str, str] = field(default_factory=dict)
    summary_template: Conditional | None = None
    flags: tuple[Flag, ...] = ()
    advice: tuple[AdviceEntry, ...] = ()
    # The files actually read (shipped or overridden) and a hash of their bytes, so caches of
    # rendered advice notice an edit.
    files: tuple[Path, ...] = ()
    fingerprint: str = ""
    overridden: tuple[str, ...] = ()

    def writes_for(self, audience: str) -> bool:
        return not self.audience or audience in self.audience

    @property
    def required_geography(self) -> Area | Region:
        """The geography, for rules that cannot work without one."""
        if self.geography is None:
            where = self.files[0] if self.files else STRATEGY_FILE
            raise ContentError(where, None, f"region: the {self.name} rules need a [region] table")
        return self.geography


class _Files:
    """Finds each file in the override folder first, then in the package."""

    def __init__(self, package_dir: Path, override_dir: Path | None) -> None:
        self.package_dir, self.override_dir = package_dir, override_dir
        self.read: list[Path] = []
        self.overridden: list[str] = []
        self.digest = hashlib.sha256()

    def path(self, relative: str) -> Path:
        if self.override_dir is not None and (self.override_dir / relative).is_file():
            return self.override_dir / relative
        return self.package_dir / relative

    def text(self, relative: str, cited_in: Path, line: int | None = None) -> tuple[str, Path]:
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            raise ContentError(cited_in, line, f"{relative!r} must be a path inside the strategy")
        path = self.path(relative)
        try:
            data = path.read_bytes()
        except OSError:
            raise ContentError(cited_in, line, f"{relative!r} does not exist") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ContentError(path, None, f"not UTF-8 text ({exc.reason})") from None
        self.read.append(path)
        if self.override_dir is not None and path.is_relative_to(self.override_dir):
            self.overridden.append(relative)
        self.digest.update(relative.encode() + b"\0" + data + b"\0")
        return text, path


class _Toml:
    """Typed reads from strategy.toml that name the line of a bad value."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines = path, text.splitlines()
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            raise ContentError(path, int(match.group(1)) if match else None,
                               f"not valid TOML: {exc}") from None

    def line_of(self, key: str) -> int | None:
        pattern = re.compile(rf"^\s*(\[+\s*)?[\w.\"]*\b{re.escape(key)}\b")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        # A key inside an inline table: `caps = [{ area = "bay_area", max = 20 }]`.
        inline = re.compile(rf"[{{,]\s*\"?{re.escape(key)}\"?\s*=")
        for number, line in enumerate(self.lines, start=1):
            if inline.search(line):
                return number
        return None

    def check_keys(self) -> None:
        """Refuse a key KEYS does not list, suggesting the closest one."""
        def check(table: Any, where: str) -> None:
            if not isinstance(table, dict):
                return
            allowed = KEYS[where]
            for key in table:
                if key not in allowed:
                    close = difflib.get_close_matches(key, allowed, n=1)
                    hint = (f"did you mean {close[0]!r}?" if close
                            else "known keys: " + ", ".join(allowed))
                    raise ContentError(self.path, self.line_of(key),
                                       f"{where or 'top level'}: unknown key {key!r}; {hint}")

        check(self.data, "")
        for where in KEYS:
            head, _, tail = where.partition(".")
            if not head:
                continue
            value = self.data.get(head, {})
            if tail:
                value = value.get(tail) if isinstance(value, dict) else None
            for item in value if isinstance(value, list) else [value]:
                check(item, where)

    def fail(self, key: str, problem: str) -> ContentError:
        return ContentError(self.path, self.line_of(key.split(".")[-1]), f"{key}: {problem}")

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        return value

    def get(self, table: Mapping[str, Any], key: str, kind: type | tuple[type, ...],
            where: str, required: bool = False, default: Any = None) -> Any:
        if key not in table:
            if required:
                raise ContentError(self.path, self.line_of(where.split(".")[0]),
                                   f"{where}.{key} is required")
            return default
        value = table[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind in (int, float):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise self.fail(f"{where}.{key}", f"must be {names}, not {value!r}")
        return value

    def pair(self, table: Mapping[str, Any], key: str, where: str, kind: type) -> Any:
        value = table.get(key)
        if value is None:
            return None
        ok = (isinstance(value, list) and len(value) == 2
              and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
              and value[0] <= value[1])
        if not ok:
            raise self.fail(f"{where}.{key}", f"must be [low, high] with low <= high, not {value!r}")
        return (kind(value[0]), kind(value[1]))


def _states_and_counties(toml: _Toml, table: Mapping[str, Any]
                         ) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """[region] states = ["TX"] and counties = ["Harris County, TX", ...]: a program belongs
    when its state is listed and, if counties are listed, its county is one of them."""
    states = toml.get(table, "states", list, "region", default=[])
    for state in states:
        if state not in US_STATES:
            raise toml.fail("region.states", f"{state!r} is not a US state code, e.g. \"TX\"")
    counties = set()
    for item in toml.get(table, "counties", list, "region", default=[]):
        county, comma, state = item.rpartition(",") if isinstance(item, str) else ("", "", "")
        if not comma or not county.strip() or state.strip() not in US_STATES:
            raise toml.fail("region.counties", f"{item!r} is not \"County Name, ST\", e.g. "
                            "\"Harris County, TX\"")
        counties.add((county.strip(), state.strip()))
    county_states = {state for _, state in counties}
    stray, bare = sorted(county_states - set(states)), sorted(set(states) - county_states)
    if counties and states and stray:
        raise toml.fail("region.counties", f"a county in {stray[0]} lies outside "
                        "region.states; add the state or drop the county")
    if counties and bare:
        raise toml.fail("region.states", f"{bare[0]} has no county in region.counties, so "
                        "no program there would belong; list its counties or leave it out")
    return frozenset(states) or frozenset(county_states), frozenset(counties)


def load_strategy(package_dir: Path, override_dir: Path | None = None,
                  samples: Callable[[StrategyContent], None] | None = None) -> StrategyContent:
    """Read and check a strategy's content; ContentError names the file and line at fault.

    `samples`, when given, is called with the loaded content to render it against sample
    profiles (the host passes `advisor.hooks.strategy_plugin.try_render`).
    """
    files = _Files(package_dir, override_dir)
    text, toml_path = files.text(STRATEGY_FILE, package_dir / STRATEGY_FILE)
    toml = _Toml(toml_path, text)
    toml.check_keys()
    env = make_environment()

    def condition(source: Any, where: str) -> Any:
        if source is None:
            return None
        if not isinstance(source, str):
            raise toml.fail(where, "must be a condition in a string, e.g. \"facts.needs_visa\"")
        return compile_condition(env, source, toml_path, toml.line_of(where.split(".")[-1]))

    def text_template(source: Any, where: str) -> Any:
        if not isinstance(source, str):
            raise toml.fail(where, "must be text")
        return compile_template(env, source, toml_path)

    head = toml.table("strategy")
    slug = toml.get(head, "slug", str, "strategy", required=True)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", slug):
        raise toml.fail("strategy.slug", "use lower-case letters, digits and _")
    audience = tuple(toml.get(head, "audience", list, "strategy", default=[]))
    for who in audience:
        if who not in AUDIENCES:
            raise toml.fail("strategy.audience", f"unknown audience {who!r}; use "
                            + ", ".join(AUDIENCES))
    name = toml.get(head, "name", str, "strategy", required=True)
    summary = toml.get(head, "summary", str, "strategy", default="")

    geo_table = toml.table("region")
    geography: Area | Region | None = None
    region: Region | None = None
    if geo_table:
        region_summary = toml.get(geo_table, "summary", str, "region", default=summary)
        min_share = toml.get(geo_table, "min_img_share", (int, float), "region")
        if "area" in geo_table:
            if "states" in geo_table or "counties" in geo_table:
                raise toml.fail("region.area", "give an area or states and counties, not both")
            try:
                found = area(toml.get(geo_table, "area", str, "region"))
                region = found.region(slug, region_summary, min_share)
            except (UnknownArea, ValueError) as exc:
                raise toml.fail("region.area", str(exc).strip("'\"")) from None
            geography = found
        else:
            states, counties = _states_and_counties(toml, geo_table)
            region = Region(slug=slug, name=toml.get(geo_table, "name", str, "region",
                                                       default=name),
                            summary=region_summary, states=states, counties=counties,
                            min_img_share=min_share)
            geography = region

    guide = toml.table("guide")
    guide_body = ""
    if "file" in guide:
        guide_body, _ = files.text(toml.get(guide, "file", str, "guide"), toml_path,
                                   toml.line_of("file"))

    plan = toml.table("plan")
    shares = None
    if "shares" in plan:
        raw = toml.get(plan, "shares", dict, "plan")
        unknown = set(raw) - set(TIER_SHARES)
        if unknown:
            raise toml.fail("plan.shares", f"unknown tier {sorted(unknown)[0]!r}; use "
                            + ", ".join(TIER_SHARES))
        shares = {tier: toml.pair(raw, tier, "plan.shares", float) for tier in raw}

    def known_area(slug: str | None) -> str | None:
        if slug is not None:
            try:
                area(slug)
            except UnknownArea as exc:
                raise toml.fail("area", str(exc).strip("'\"")) from None
        return slug

    caps = []
    for i, cap in enumerate(toml.get(plan, "caps", list, "plan", default=[])):
        where = f"plan.caps[{i}]"
        cap_area = known_area(cap.get("area"))
        caps.append(RegionCap(max=toml.get(cap, "max", int, where), region=cap.get("region"),
                              states=frozenset(cap.get("states", ())), area=cap_area,
                              label=toml.get(cap, "label", str, where, default=""),
                              min=toml.get(cap, "min", int, where, default=0)))
    groups = []
    for i, group in enumerate(toml.get(plan, "priority_groups", list, "plan", default=[])):
        where = f"plan.priority_groups[{i}]"
        group_area = known_area(toml.get(group, "area", str, where))
        share = toml.get(group, "min_non_us_img_share", (int, float), where)
        if share is not None and not 0 <= share <= 1:
            raise toml.fail(f"{where}.min_non_us_img_share",
                            f"must be between 0 and 1, not {share}")
        groups.append(PriorityGroup(label=toml.get(group, "label", str, where, required=True),
                                    area=group_area, min_non_us_img_share=share))

    def conditionals(items: Any, where: str, kinds: Mapping[str, Any] | None = None
                     ) -> tuple[Conditional, ...]:
        out = []
        for i, item in enumerate(items or ()):
            here = f"{where}[{i}]"
            if not isinstance(item, dict) or "text" not in item:
                raise toml.fail(where, f"entry {i + 1} needs a text")
            kind = item.get("kind", "")
            if kinds is not None and kind not in kinds:
                raise toml.fail("kind", f"{here}: unknown kind {kind!r}; use "
                                + ", ".join(kinds))
            out.append(Conditional(text_template(item["text"], "text"),
                                   condition(item.get("when"), "when"), toml_path, kind))
        return tuple(out)

    notes = conditionals(plan.get("notes"), "plan.notes")
    remedies = conditionals(toml.data.get("remedies"), "remedies",
                            {k.value: k for k in RemedyKind})

    numbers = toml.table("numbers")
    tiers = toml.table("tiers")
    tier_meaning = toml.get(tiers, "meaning", dict, "tiers", default={})
    assessment = toml.table("assessment")
    summary_template = None
    if "summary" in assessment:
        summary_template = Conditional(text_template(assessment["summary"], "summary"), None,
                                       toml_path)
    flags = tuple(Flag(name, condition(source, name)) for name, source
                  in toml.get(assessment, "flags", dict, "assessment", default={}).items())

    advice = []
    for i, item in enumerate(toml.get(toml.data, "advice", list, "advice", default=[])):
        where = f"advice[{i}]"
        template_name = toml.get(item, "template", str, where, required=True)
        source, path = files.text(f"{ADVICE_DIR}/{template_name}", toml_path,
                                  toml.line_of("template"))
        theme = item.get("theme")
        if theme is not None and theme not in ADVICE_THEMES:
            raise toml.fail("theme", f"{where}: unknown theme {theme!r}; use "
                            + ", ".join(ADVICE_THEMES))
        requires = tuple(item.get("requires", ()))
        for fact in requires:
            if fact not in FACTS:
                raise toml.fail("requires", f"{where}: unknown fact {fact!r}")
        advice.append(AdviceEntry(
            template=compile_template(env, source, path), path=path,
            title=toml.get(item, "title", str, where, required=True), theme=theme,
            order=toml.get(item, "order", int, where, default=(i + 1) * 10),
            requires=requires, when=condition(item.get("when"), "when")))

    content = StrategyContent(
        slug=slug, name=name, summary=summary, audience=audience, geography=geography,
        region=region, guide_title=toml.get(guide, "title", str, "guide", default=name),
        guide_summary=toml.get(guide, "summary", str, "guide", default=summary),
        guide_body=guide_body, total=toml.pair(plan, "total", "plan", int),
        total_competitive=toml.pair(plan, "total_competitive", "plan", int),
        broaden_by=toml.get(plan, "broaden_by", int, "plan", default=0),
        broaden_when=condition(plan.get("broaden_when"), "broaden_when"),
        shares=shares, caps=tuple(caps), priority_groups=tuple(groups), notes=notes,
        remedies=remedies,
        numbers=MappingProxyType(dict(numbers)),
        tier_scale=toml.get(tiers, "scale", str, "tiers", default=""),
        tier_meaning=MappingProxyType(dict(tier_meaning)),
        summary_template=summary_template, flags=flags, advice=tuple(advice),
        files=tuple(files.read), fingerprint=files.digest.hexdigest(),
        overridden=tuple(files.overridden),
    )
    if samples is not None:
        samples(content)
    return content
