"""What a new plugin should be: its name, and its region's states and counties, checked.

Counties are checked against the ZIP database (`advisor.geo`) because a program's county is
derived from its ZIP code: a county spelled any other way would silently match nothing. The
generated strategy lists its counties in strategy.toml, so the plugin itself never reads the
ZIP database.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from advisor.enums import US_STATES
from advisor.geo import zips_in
from advisor.plugin_registry import CORE_PLUGIN_NAME

# The name is the entry point's name, the region's slug and part of the package's name
# (advisor_NAME), so it must be a Python identifier as well as a slug.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,38}[a-z0-9]$")
# Besides letters and digits, what a region's name may hold: "Hawai'i", "Dallas-Fort Worth",
# "Texas (North)", "St. Louis & Kansas City", "Baltimore/Washington".
TITLE_PUNCTUATION = " -'.,&()/\u2019"
# Words county names share, left out when looking for the closest name to a typo.
COUNTY_WORDS = re.compile(r"\s+(county|parish|borough|census area|municipality|city)$",
                          re.IGNORECASE)


class ScaffoldError(ValueError):
    """A request that cannot be scaffolded; `option` names the offending argument."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True, slots=True)
class PluginSpec:
    name: str
    title: str
    # States the region covers whole, and single (county, state) pairs elsewhere; sorted.
    states: tuple[str, ...]
    counties: tuple[tuple[str, str], ...]
    # What strategy.toml's [region] lists: a region drawn by counties matches a program by
    # its county, so whole states given beside single counties are listed county by county.
    region_states: tuple[str, ...] = ()
    region_counties: tuple[tuple[str, str], ...] = ()

    @property
    def package(self) -> str:
        return f"advisor_{self.name}"

    @property
    def project(self) -> str:
        return "advisor-" + self.name.replace("_", "-")


def build_spec(name: str, states: str = "", counties: str = "", title: str | None = None,
               taken: Collection[str] = ()) -> PluginSpec:
    """Check a `plugins new` request; raise ScaffoldError saying what to fix."""
    check_name(name, taken)
    title = check_title(title or name.replace("_", " ").title())
    whole = parse_states(states)
    pairs = parse_counties(counties)
    if not whole and not pairs:
        raise ScaffoldError("give the region's --states, its --counties, or both", "--states")
    for county, state in pairs:
        if state in whole:
            raise ScaffoldError(f'"{county},{state}" lies in {state}, which --states already '
                                "covers whole; leave one of them out", "--counties")
    every = [(county, state) for state in whole for county in counties_of(state)] if pairs else []
    return PluginSpec(
        name=name,
        title=title,
        states=whole,
        counties=pairs,
        region_states=tuple(sorted({*whole, *(state for _, state in pairs)})),
        region_counties=tuple(sorted({*every, *pairs}, key=lambda c: (c[1], c[0]))),
    )


def check_name(name: str, taken: Collection[str] = ()) -> None:
    if not NAME_PATTERN.match(name) or "__" in name:
        raise ScaffoldError(f'"{name}" is not a plugin name: use 2-40 lower-case letters, digits '
                            'and single underscores, starting with a letter (e.g. "texas" or '
                            '"north_texas")', "NAME")
    if name == CORE_PLUGIN_NAME or name in taken:
        raise ScaffoldError(f'"{name}" is already the name of an installed plugin or region; '
                            "choose another", "NAME")


def check_title(title: str) -> str:
    """The title with its spaces tidied; ScaffoldError unless it is plain words. It is written
    into Python, TOML and Markdown files, where each value is escaped all the same."""
    title = " ".join(title.split())
    if not 0 < len(title) <= 60:
        raise ScaffoldError("the --title must be 1-60 characters", "--title")
    odd = sorted({ch for ch in title if not (ch.isalnum() or ch in TITLE_PUNCTUATION
                                             or unicodedata.category(ch).startswith("M"))})
    if odd:
        shown = " ".join(repr(ch) for ch in odd)
        raise ScaffoldError(f"the --title may hold letters, digits, spaces and "
                            f"{' '.join(TITLE_PUNCTUATION.strip())} only, not {shown}",
                            "--title")
    return title


def parse_states(text: str) -> tuple[str, ...]:
    """"tx, OK" -> ("OK", "TX")."""
    codes = {part.strip().upper() for part in text.split(",") if part.strip()}
    for code in sorted(codes):
        if code not in US_STATES:
            raise ScaffoldError(f'"{code}" is not a US state code (two letters, e.g. TX)',
                                "--states")
    return tuple(sorted(codes))


def parse_counties(text: str) -> tuple[tuple[str, str], ...]:
    """"Harris County,TX;dallas county,tx" -> (("Dallas County", "TX"), ("Harris County", "TX")),
    spelled as the ZIP database spells them; a name it does not know is refused with the
    closest names it does."""
    pairs = set()
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        county, comma, state = (x.strip() for x in item.rpartition(","))
        state = state.upper()
        if not comma or not county:
            raise ScaffoldError(f'"{item}" is not in the form "County Name,ST", e.g. '
                                '"Harris County,TX"', "--counties")
        if state not in US_STATES:
            raise ScaffoldError(f'"{item}": "{state}" is not a US state code', "--counties")
        pairs.add((_known_county(county, state), state))
    return tuple(sorted(pairs))


def counties_of(state: str) -> list[str]:
    return sorted({place.county for place in zips_in(state) if place.county})


def _known_county(county: str, state: str) -> str:
    names = counties_of(state)
    by_folded = {name.casefold(): name for name in names}
    if county.casefold() in by_folded:
        return by_folded[county.casefold()]
    # Compare without "County", "Parish" and the like, which every name shares.
    by_stem: dict[str, list[str]] = {}
    for name in names:
        by_stem.setdefault(_stem(name), []).append(name)
    close = [f'"{name},{state}"'
             for stem in difflib.get_close_matches(_stem(county), list(by_stem), n=3, cutoff=0.7)
             for name in by_stem[stem]][:3]
    if close:
        hint = "did you mean " + (" or ".join(close) if len(close) < 3
                                  else f"{close[0]}, {close[1]} or {close[2]}") + "?"
    else:
        hint = (f"the ZIP database names {len(names)} counties in {state}, e.g. "
                + ", ".join(f'"{name}"' for name in names[:3]))
    raise ScaffoldError(f'"{county},{state}" is not a county in the ZIP database; {hint}',
                        "--counties")


def _stem(county: str) -> str:
    return COUNTY_WORDS.sub("", county).strip().casefold()
