"""The office's settings for the season's costs and dates: ERAS signals per specialty, the ERAS
fee schedule and the day ERAS opens, each falling back to the published figure."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from advisor.enums import Specialty
from advisor.models import OfficeSettings, get_office_settings
from advisor.models.office_settings import office_settings_for_update
from advisor.scoring.fees import PUBLISHED_FEES, FeeSchedule, FeeTier, FixedFee
from advisor.scoring.published import Published
from advisor.scoring.signals import PUBLISHED_SIGNALS, SHARED_ALLOWANCE, SignalAllowance

# The day residency applicants may first submit in ERAS, by season (match year): AAMC, ERAS
# timeline for the 2026 season.
PUBLISHED_ERAS_OPENING: Mapping[int, date] = {2026: date(2025, 9, 3)}
ERAS_OPENING_SOURCE = Published("AAMC", 2025, "ERAS timeline for the 2026 application season")
TOKEN_LABEL = PUBLISHED_FEES.fixed[0].label


@dataclass(frozen=True, slots=True)
class SeasonCosts:
    """The settings as the advice page and the checklist use them."""

    allowances: Mapping[Specialty, SignalAllowance]
    prefer_regions: bool
    fees: FeeSchedule
    eras_opens_on: date | None

    def eras_opening(self, season: int) -> date | None:
        """The day ERAS opens for `season`'s applicants: the office's date when it is for that
        season (ERAS opens in the year before the match), else the published one, if any."""
        if self.office_opening_serves(season):
            return self.eras_opens_on
        return PUBLISHED_ERAS_OPENING.get(season)

    def office_opening_serves(self, season: int) -> bool:
        """Whether the office's own date is the one `season` uses."""
        return self.eras_opens_on is not None and season_served(self.eras_opens_on) == season


def season_served(opens_on: date) -> int:
    """The match season an ERAS opening date is for: the one after its year."""
    return opens_on.year + 1


def season_costs(settings: OfficeSettings | None = None) -> SeasonCosts:
    settings = settings or get_office_settings()
    return SeasonCosts(allowances(settings.signal_allowances), bool(settings.signals_prefer_regions),
                       fee_schedule(settings.eras_fees), settings.eras_opens_on)


def fingerprint() -> Hashable:
    """What of the settings reaches the advice page, for its cache key: the signals, the
    fees and the ERAS opening day (the page's first step names it)."""
    settings = get_office_settings()
    return (repr(settings.signal_allowances), settings.signals_prefer_regions,
            repr(settings.eras_fees), settings.eras_opens_on)


# ------------------------------------------------------------------------------ signals

def signal_specialties() -> list[Specialty]:
    """The specialties with an allowance of their own, in the enum's order."""
    return [s for s in Specialty if s not in SHARED_ALLOWANCE]


def allowances(stored: Mapping[str, Any] | None) -> dict[Specialty, SignalAllowance]:
    table = {s: PUBLISHED_SIGNALS.get(s, SignalAllowance(0)) for s in signal_specialties()}
    for code, value in (stored or {}).items():
        if code in Specialty.codes():
            table[Specialty(code)] = SignalAllowance(int(value[0]), int(value[1]))
    return table


def stored_allowances(table: Mapping[Specialty, SignalAllowance]) -> dict[str, list[int]] | None:
    """What to store for `table`: only the specialties that differ from the published figures,
    so a later published change reaches the rest."""
    changed = {s.value: [a.gold, a.silver] for s, a in table.items()
               if a != PUBLISHED_SIGNALS.get(s, SignalAllowance(0))}
    return changed or None


# ------------------------------------------------------------------------------ fees

def fee_schedule(stored: Mapping[str, Any] | None) -> FeeSchedule:
    if not stored:
        return PUBLISHED_FEES
    tiers = tuple(FeeTier(None if up_to is None else int(up_to), Decimal(price))
                  for up_to, price in stored.get("tiers") or ())
    token = stored.get("token")
    fixed = PUBLISHED_FEES.fixed if token is None else (
        (FixedFee(TOKEN_LABEL, Decimal(token)),) if Decimal(token) else ())
    return FeeSchedule(tiers or PUBLISHED_FEES.tiers, fixed)


def stored_fees(schedule: FeeSchedule) -> dict[str, Any] | None:
    if schedule == PUBLISHED_FEES:
        return None
    token = sum((f.amount for f in schedule.fixed), Decimal(0))
    return {"tiers": [[t.up_to, str(t.price)] for t in schedule.tiers], "token": str(token)}


# ------------------------------------------------------------------------------ saving

def update_season_costs(*, table: Mapping[Specialty, SignalAllowance], prefer_regions: bool,
                        schedule: FeeSchedule, eras_opens_on: date | None) -> OfficeSettings:
    """Change the season's settings (the caller commits; the values are already checked)."""
    settings = office_settings_for_update()
    settings.signal_allowances = stored_allowances(table)
    settings.signals_prefer_regions = bool(prefer_regions)
    settings.eras_fees = stored_fees(schedule)
    settings.eras_opens_on = eras_opens_on
    return settings
