"""Which programs on a list get the student's ERAS program signals.

A specialty gives each applicant a fixed number of signals, some in two tiers (gold for the
highest interest, silver for the next). A signal helps most where an interview is possible but
not certain, so signals go to the list's target and reach programs, the likeliest first
(optionally those in the student's strategy regions before the rest); only when there are too
few of those do the rest go to safeties, nearest the target band first, and never to long shots
(docs/sources.md, "ERAS program signals"). Gold signals go to the first picks.

The published allowances are the AAMC's for the 2025 ERAS season; an office changes them in its
settings (advisor.services.season_costs).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from advisor.enums import LabeledEnum, Specialty, Tier
from advisor.scoring.published import Published
from advisor.scoring.results import Plan, ScoredProgram

# Programs a signal is worth most at, and the fallback when there are too few of them.
REALISTIC_TIERS = (Tier.TARGET, Tier.REACH)
FALLBACK_TIERS = (Tier.SAFETY,)
MAX_SIGNALS = 60


SIGNALS_SOURCE = Published("AAMC", 2025, "Program Signaling for the 2025 MyERAS Application Season")


class SignalKind(LabeledEnum):
    GOLD = ("gold", "Gold signal")
    SILVER = ("silver", "Silver signal")
    SIGNAL = ("signal", "Signal")


@dataclass(frozen=True, slots=True)
class SignalAllowance:
    """A specialty's signals: `gold` is the upper tier, or every signal when `silver` is 0."""

    gold: int
    silver: int = 0

    @property
    def total(self) -> int:
        return self.gold + self.silver

    @property
    def tiered(self) -> bool:
        return self.silver > 0

    def text(self) -> str:
        if not self.total:
            return "none"
        if self.tiered:
            return f"{self.gold} gold, {self.silver} silver"
        return str(self.gold)


NO_SIGNALS = SignalAllowance(0)

# AAMC, Program Signaling for the 2025 MyERAS Application Season. Specialties the table does
# not list (OB/GYN, ophthalmology and plastic surgery apply outside ERAS; preliminary surgery
# has no figure of its own) have none by default.
PUBLISHED_SIGNALS: Mapping[Specialty, SignalAllowance] = MappingProxyType({
    Specialty.ANESTHESIOLOGY: SignalAllowance(5, 10),
    Specialty.DERMATOLOGY: SignalAllowance(3, 25),
    Specialty.RADIOLOGY: SignalAllowance(6, 6),
    Specialty.EMERGENCY_MEDICINE: SignalAllowance(5),
    Specialty.FAMILY_MEDICINE: SignalAllowance(5),
    Specialty.GENERAL_SURGERY: SignalAllowance(15),
    Specialty.INTERNAL_MEDICINE: SignalAllowance(3, 12),
    Specialty.NEUROSURGERY: SignalAllowance(25),
    Specialty.NEUROLOGY: SignalAllowance(8),
    Specialty.ORTHOPAEDIC_SURGERY: SignalAllowance(30),
    Specialty.OTOLARYNGOLOGY: SignalAllowance(25),
    Specialty.PATHOLOGY: SignalAllowance(5),
    Specialty.PEDIATRICS: SignalAllowance(5),
    Specialty.PSYCHIATRY: SignalAllowance(10),
    Specialty.RADIATION_ONCOLOGY: SignalAllowance(4),
    Specialty.TRANSITIONAL_YEAR: SignalAllowance(12),
})

# What the settings page says of a specialty with no published figure.
UNPUBLISHED_NOTES: Mapping[Specialty, str] = MappingProxyType({
    Specialty.PRELIM_SURGERY: "whether it shares general surgery's signals is not verified",
})

# Signals are sent per institution and field: preliminary internal medicine programs receive
# internal medicine's signals (Alliance for Academic Internal Medicine, 2025), so they draw on
# the same allowance rather than one of their own.
SHARED_ALLOWANCE: Mapping[Specialty, Specialty] = MappingProxyType({
    Specialty.PRELIM_INTERNAL_MEDICINE: Specialty.INTERNAL_MEDICINE,
})


def allowance_owner(specialty: Specialty) -> Specialty:
    """The specialty whose allowance a program of `specialty` draws on."""
    return SHARED_ALLOWANCE.get(specialty, specialty)


@dataclass(frozen=True, slots=True)
class SignalPool:
    """One allowance as the list spends it."""

    specialty: Specialty
    allowance: SignalAllowance
    # Programs on the list that draw on it, and how many got a signal.
    listed: int
    used: int
    # Signals given to safeties because too few targets and reaches were listed.
    to_safeties: int
    # Of the listed programs: the targets and reaches, and the safeties (the rest are long
    # shots, which never get one).
    realistic: int = 0
    safeties: int = 0

    @property
    def unused(self) -> int:
        return self.allowance.total - self.used

    @property
    def gold_used(self) -> int:
        return min(self.used, self.allowance.gold)

    @property
    def silver_used(self) -> int:
        return self.used - self.gold_used

    @property
    def long_shots(self) -> int:
        return self.listed - self.realistic - self.safeties


@dataclass(frozen=True, slots=True)
class SignalPlan:
    marks: Mapping[str, SignalKind]  # acgme_id -> its signal
    pools: tuple[SignalPool, ...]

    def kind(self, acgme_id: str) -> SignalKind | None:
        return self.marks.get(acgme_id)

    @property
    def used(self) -> int:
        return len(self.marks)


def choose_signals(plan: Plan, allowances: Mapping[Specialty, SignalAllowance],
                   prefer_regions: Collection[str] = ()) -> SignalPlan:
    """The programs of `plan` to signal, per allowance (a specialty missing from
    `allowances` has none). With `prefer_regions`, programs in any of those region slugs come
    before the others of their group."""
    by_owner: dict[Specialty, list[ScoredProgram]] = {}
    for entry in plan.entries:
        by_owner.setdefault(allowance_owner(entry.program.specialty), []).append(entry)
    marks: dict[str, SignalKind] = {}
    pools = []
    for owner, entries in by_owner.items():
        allowance = allowances.get(owner, NO_SIGNALS)
        realistic = _ordered([e for e in entries if e.tier in REALISTIC_TIERS],
                             prefer_regions, best_first=True)
        # A safety nearest the target band gains the most from a signal.
        fallback = _ordered([e for e in entries if e.tier in FALLBACK_TIERS],
                            prefer_regions, best_first=False)
        picked = (realistic + fallback)[:allowance.total]
        for i, entry in enumerate(picked):
            marks[entry.program.acgme_id] = (
                SignalKind.SIGNAL if not allowance.tiered
                else SignalKind.GOLD if i < allowance.gold else SignalKind.SILVER)
        pools.append(SignalPool(owner, allowance, len(entries), len(picked),
                                max(0, len(picked) - len(realistic)), len(realistic),
                                len(fallback)))
    return SignalPlan(MappingProxyType(marks), tuple(pools))


def _ordered(entries: Sequence[ScoredProgram], prefer_regions: Collection[str],
             best_first: bool) -> list[ScoredProgram]:
    def key(e: ScoredProgram) -> tuple[bool, float, str]:
        outside = bool(prefer_regions) and not any(r in prefer_regions for r in e.program.regions)
        return (outside, -e.chance if best_first else e.chance, e.program.acgme_id)
    return sorted(entries, key=key)
