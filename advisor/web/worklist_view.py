"""What the staff advice page shows of the working list: its filters and sort order (query
arguments, so they work without JavaScript and can be bookmarked), and the state of each
program on it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from advisor.enums import ApplicationStatus, Specialty, Tier
from advisor.hooks.types import ProgramInfo
from advisor.models import ListEntry
from advisor.scoring.results import ScoredProgram
from advisor.services.working_list import ListState

VISA_CHOICES = {
    "j1": "Sponsors J-1",
    "h1b": "Sponsors H-1B",
    "either": "Sponsors J-1 or H-1B",
    "none": "States no sponsorship",
}
SORT_CHOICES = {
    "chance": "Best interview chance first",
    "name": "Program name",
    "state": "State, then city",
    "status": "Status, furthest first",
}
# The list's shown order of statuses: furthest along first, no status last.
_STATUS_RANK = {s: -s.stage for s in ApplicationStatus}


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The filters and the sort order of the list, from the page's query arguments; a value
    that is not one of the choices is ignored, as a stale bookmark would carry."""

    tier: str = ""
    region: str = ""
    specialty: str = ""
    state: str = ""
    visa: str = ""
    sort: str = "chance"

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ListQuery:
        def arg(name: str) -> str:
            value = args.get(name)
            return value.strip()[:40] if isinstance(value, str) else ""

        tier = arg("tier") if arg("tier") in Tier.codes() else ""
        specialty = arg("specialty") if arg("specialty") in Specialty.codes() else ""
        state = arg("state").upper() if len(arg("state")) == 2 and arg("state").isalpha() else ""
        region = arg("region") if arg("region").replace("_", "").isalnum() else ""
        visa = arg("visa") if arg("visa") in VISA_CHOICES else ""
        sort = arg("sort") if arg("sort") in SORT_CHOICES else "chance"
        return cls(tier, region, specialty, state, visa, sort)

    def args(self) -> dict[str, str]:
        """The arguments that differ from the defaults, for links back to this view."""
        default = ListQuery()
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != getattr(default, f.name)}

    @property
    def filtered(self) -> bool:
        return any((self.tier, self.region, self.specialty, self.state, self.visa))

    def keeps(self, e: ScoredProgram) -> bool:
        p = e.program
        return ((not self.tier or e.tier.value == self.tier)
                and (not self.region or self.region in p.regions)
                and (not self.specialty or p.specialty.value == self.specialty)
                and (not self.state or p.state == self.state)
                and (not self.visa or _visa_matches(p, self.visa)))

    def ordered(self, entries: Sequence[ScoredProgram], state: ListState | None
                ) -> list[ScoredProgram]:
        """The kept entries in the chosen order; pinned ones first in each tier under the
        default order, as the planner lists them."""
        kept = [e for e in entries if self.keeps(e)]
        if self.sort == "name":
            kept.sort(key=lambda e: (e.program.name.lower(), e.program.acgme_id))
        elif self.sort == "state":
            kept.sort(key=lambda e: (e.program.state, (e.program.city or "").lower(),
                                     e.program.name.lower()))
        elif self.sort == "status" and state is not None:
            def rank(e: ScoredProgram) -> int:
                entry = state.entries.get(e.program.acgme_id)
                return _STATUS_RANK[entry.status] if entry and entry.status else 1
            kept.sort(key=rank)
        return kept


def _visa_matches(p: ProgramInfo, visa: str) -> bool:
    if visa == "j1":
        return p.visa_j1 is True
    if visa == "h1b":
        return p.visa_h1b is True
    if visa == "either":
        return p.visa_j1 is True or p.visa_h1b is True
    return p.visa_j1 is False and p.visa_h1b is False


@dataclass(frozen=True, slots=True)
class ListOptions:
    """What the staff page's advice depends on besides the student: the list's filters and
    sort, and whether the viewer may edit (an advisor gets the controls, a viewer not)."""

    query: ListQuery = ListQuery()
    editable: bool = False


@dataclass(slots=True)
class WorklistView:
    """The working list as the staff page shows it."""

    student_id: int
    state: ListState
    options: ListOptions
    # The names of the programs the list's entries name, by ACGME id (one may be missing when
    # the catalog dropped it).
    names: dict[str, str]
    # Choices of the filters: the values the listed programs have.
    regions: list[tuple[str, str]] = field(default_factory=list)
    specialties: list[Specialty] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    tiers: list[Tier] = field(default_factory=list)
    shown: int = 0
    total: int = 0

    @property
    def query(self) -> ListQuery:
        return self.options.query

    @property
    def editable(self) -> bool:
        return self.options.editable

    @property
    def version(self) -> int:
        return self.state.version

    def entry(self, acgme_id: str) -> ListEntry | None:
        return self.state.entries.get(acgme_id)

    def program_name(self, acgme_id: str) -> str:
        return self.names.get(acgme_id) or f"Program {acgme_id} (no longer in the catalog)"

    def status_counts(self) -> list[tuple[ApplicationStatus, int]]:
        counts = {s: 0 for s in ApplicationStatus}
        for entry in self.state.tracked:
            if entry.status is not None:
                counts[entry.status] += 1
        return [(s, n) for s, n in counts.items() if n]

    def with_sort(self, sort: str) -> dict[str, str]:
        return replace(self.query, sort=sort).args()


def worklist_view(student_id: int, state: ListState, options: ListOptions,
                  entries: Sequence[ScoredProgram], names: dict[str, str],
                  region_names: dict[str, str]) -> WorklistView:
    regions = sorted({r for e in entries for r in e.program.regions})
    return WorklistView(
        student_id=student_id, state=state, options=options, names=names,
        regions=[(slug, region_names.get(slug, slug)) for slug in regions],
        specialties=sorted({e.program.specialty for e in entries}, key=lambda s: s.label),
        states=sorted({e.program.state for e in entries}),
        tiers=[t for t in (Tier.SAFETY, Tier.TARGET, Tier.REACH, Tier.LONG_SHOT, Tier.INELIGIBLE)
               if any(e.tier is t for e in entries)],
        shown=sum(1 for e in entries if options.query.keeps(e)), total=len(entries),
    )
