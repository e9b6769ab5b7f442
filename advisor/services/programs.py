"""Program queries: the browse filters as SQL, sorting with unknowns last, and one program's regions.

Filters arrive as a plain `ProgramFilters` (already checked by the caller), so the same query
serves the browse page, the CSV export and the tests.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true, tuple_

from advisor.catalog import export_catalog
from advisor.enums import US_STATES, ProgramType, Specialty
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.hooks.types import ProgramInfo, Region
from advisor.models import Program
from advisor.services.matching import contains

PER_PAGE = 50
FICTIONAL_MARK = "(fictional)"
# How many programs the comparison shows side by side.
COMPARE_MIN, COMPARE_MAX = 2, 4


class Known(str, Enum):
    """A yes/no attribute as a filter: stated yes, stated no, or not stated."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class UnknownRegion(LookupError):
    """No installed plugin declares a region with this slug."""


# Sort keys offered to users -> the column they order by.
SORT_COLUMNS: dict[str, Any] = {
    "name": Program.name,
    "state": Program.state,
    "img_share": Program.img_share,
    "step2_min": Program.step2_min,
    "step2_median": Program.step2_median,
    "positions": Program.positions,
}


@dataclass(frozen=True, slots=True)
class ProgramFilters:
    """What to show. None everywhere means the whole catalog, by name."""

    specialty: Specialty | None = None
    region: str | None = None
    state: str | None = None
    program_type: ProgramType | None = None
    visa_j1: Known | None = None
    visa_h1b: Known | None = None
    min_img_share_percent: int | None = None
    min_non_us_img_share_percent: int | None = None
    # Words that must each appear in the name, the institution or the city.
    text: str | None = None
    # A student's years since graduation and most attempts at one Step: programs whose
    # stated limit admits them, and those that state none (not known to screen them out).
    years_since_graduation: int | None = None
    attempts: int | None = None
    usce_required: Known | None = None
    step2_min_from: int | None = None
    step2_min_to: int | None = None
    # With a step2_min range, also keep programs that state no screen at all.
    include_unscreened: bool = False
    sort: str = "name"
    descending: bool = False


def regions() -> dict[str, Region]:
    """Every installed region by slug, ordered by name."""
    found = [region for _, region in get_registry().regions().values()]
    return {region.slug: region for region in sorted(found, key=lambda r: r.name)}


def region_clause(region: Region) -> ColumnElement[bool]:
    """SQL that is true exactly for the programs `region.contains` accepts."""
    clauses: list[ColumnElement[bool]] = []
    if region.states:
        clauses.append(Program.state.in_(sorted(region.states)))
    if region.counties:
        clauses.append(tuple_(Program.county, Program.state).in_(sorted(region.counties)))
    if region.min_img_share is not None:
        # NULL >= x is not true, so unknown shares are left out, as Region.contains does.
        clauses.append(Program.img_share >= region.min_img_share)
    return and_(true(), *clauses)


def _known_clause(column: Any, wanted: Known) -> ColumnElement[bool]:
    if wanted is Known.UNKNOWN:
        return column.is_(None)
    return column.is_(wanted is Known.YES)


def text_clauses(text: str) -> list[ColumnElement[bool]]:
    """Each word of `text` in the name, the institution or the city, in any case; a word that
    is a state's code ("Pasadena, CA") may be the state instead. Commas and the like around a
    word are not part of it."""
    clauses: list[ColumnElement[bool]] = []
    for word in filter(None, (w.strip(",;:()") for w in text.split())):
        found = [contains(column, word)
                 for column in (Program.name, Program.institution, Program.city)]
        if word.upper() in US_STATES:
            found.append(Program.state == word.upper())
        clauses.append(or_(*found))
    return clauses


def _admits(limit: Any, value: int) -> ColumnElement[bool]:
    return or_(limit.is_(None), limit >= value)


def conditions(filters: ProgramFilters) -> list[ColumnElement[bool]]:
    """The WHERE clauses for these filters (raises UnknownRegion for a slug nobody declares)."""
    where: list[ColumnElement[bool]] = []
    if filters.text:
        where.extend(text_clauses(filters.text))
    if filters.specialty is not None:
        where.append(Program.specialty == filters.specialty)
    if filters.region:
        region = regions().get(filters.region)
        if region is None:
            raise UnknownRegion(filters.region)
        where.append(region_clause(region))
    if filters.state:
        where.append(Program.state == filters.state)
    if filters.program_type is not None:
        where.append(Program.program_type == filters.program_type)
    if filters.visa_j1 is not None:
        where.append(_known_clause(Program.visa_j1, filters.visa_j1))
    if filters.visa_h1b is not None:
        where.append(_known_clause(Program.visa_h1b, filters.visa_h1b))
    if filters.min_img_share_percent is not None:
        where.append(Program.img_share >= filters.min_img_share_percent / 100)
    if filters.min_non_us_img_share_percent is not None:
        where.append(Program.non_us_img_share >= filters.min_non_us_img_share_percent / 100)
    if filters.years_since_graduation is not None:
        where.append(_admits(Program.yog_max_years, filters.years_since_graduation))
    if filters.attempts is not None:
        where.append(_admits(Program.attempts_max, filters.attempts))
    if filters.usce_required is not None:
        where.append(_known_clause(Program.usce_required, filters.usce_required))
    screen: list[ColumnElement[bool]] = []
    if filters.step2_min_from is not None:
        screen.append(Program.step2_min >= filters.step2_min_from)
    if filters.step2_min_to is not None:
        screen.append(Program.step2_min <= filters.step2_min_to)
    if screen:
        in_range = and_(*screen)
        where.append(or_(in_range, Program.step2_min.is_(None))
                     if filters.include_unscreened else in_range)
    return where


def ordering(sort: str, descending: bool) -> list[Any]:
    """ORDER BY for a sort key: unknown (NULL) values last either way, on every database."""
    column = SORT_COLUMNS.get(sort, Program.name)
    key = func.lower(column) if column is Program.name else column
    # "x IS NULL" is false (0) for known values, so they come first whichever way x is sorted.
    order = [column.is_(None), key.desc() if descending else key.asc()]
    if column is not Program.name:
        order.append(func.lower(Program.name))
    order.append(Program.acgme_id)
    return order


def query(filters: ProgramFilters) -> Select[Program]:
    return (select(Program).where(*conditions(filters))
            .order_by(*ordering(filters.sort, filters.descending)))


def page_of_programs(filters: ProgramFilters, page: int = 1,
                     per_page: int = PER_PAGE) -> Pagination:
    """One page of matching programs; a page past the end shows the last one."""
    page = max(1, page)
    result = db.paginate(query(filters), page=page, per_page=per_page, error_out=False)
    if result.pages and page > result.pages:
        result = db.paginate(query(filters), page=result.pages, per_page=per_page,
                             error_out=False)
    return result


def get_program(acgme_id: str) -> Program | None:
    return db.session.scalar(select(Program).where(Program.acgme_id == acgme_id))


def programs_by_id(acgme_ids: Iterable[str]) -> dict[str, Program]:
    """acgme_id -> program for those of `acgme_ids` in the catalog."""
    wanted = set(acgme_ids)
    if not wanted:
        return {}
    found = db.session.scalars(select(Program).where(Program.acgme_id.in_(wanted)))
    return {program.acgme_id: program for program in found}


def program_names(acgme_ids: Iterable[str]) -> dict[str, str]:
    """acgme_id -> name for those of `acgme_ids` still in the catalog."""
    wanted = set(acgme_ids)
    if not wanted:
        return {}
    rows = db.session.execute(select(Program.acgme_id, Program.name)
                              .where(Program.acgme_id.in_(wanted)))
    return {acgme_id: name for acgme_id, name in rows}


_INFO_FIELDS = tuple(f.name for f in fields(ProgramInfo) if f.name != "regions")


def program_info(program: Program) -> ProgramInfo:
    return ProgramInfo(**{name: getattr(program, name) for name in _INFO_FIELDS})


def regions_of(program: Program) -> list[Region]:
    """The installed regions that contain this program, by name."""
    info = program_info(program)
    return [region for region in regions().values() if region.contains(info)]


def is_fictional(program: Program) -> bool:
    return any((text or "").rstrip().endswith(FICTIONAL_MARK)
               for text in (program.institution, program.name))


def export_csv(filters: ProgramFilters) -> tuple[str, int]:
    """The matching programs in the catalog import format, with a byte-order mark so
    spreadsheets read accented names right; and how many there are."""
    stream = io.StringIO(newline="")
    count = export_catalog(stream, where=conditions(filters))
    return "\ufeff" + stream.getvalue(), count


def has_filters(filters: ProgramFilters) -> bool:
    """Whether anything narrows the list (sorting does not)."""
    default = ProgramFilters()
    return any(getattr(filters, name) != getattr(default, name)
               for name in ("text", "specialty", "region", "state", "program_type", "visa_j1",
                            "visa_h1b", "min_img_share_percent", "min_non_us_img_share_percent",
                            "years_since_graduation", "attempts", "usce_required",
                            "step2_min_from", "step2_min_to"))
