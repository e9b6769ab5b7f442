"""The demo data's aggregates, set beside the published figures they are meant to reproduce.

`flask --app advisor demo figures` prints them; the demo tests assert them. Sources are in
docs/sources.md.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.demo import figures
from advisor.demo.alumni import Alumnus
from advisor.enums import Specialty

Row = Mapping[str, Any]

# NRMP Applicant Survey, IMGs in internal medicine: median applications and interviews.
PUBLISHED_YIELD = {"matched": (60, 8), "unmatched": (66, 2)}
# NRMP 2024 PGY-1 match rates; permanent residents are not reported apart.
PUBLISHED_MATCH_RATE = {"US citizen": 0.670, "needs a visa (non-US)": 0.585}
# ERAS: IMGs' mean applications to categorical internal medicine, 2016.
PUBLISHED_MEAN_APPLICATIONS = 77
STEP2_BANDS: tuple[tuple[str, int, int], ...] = (
    ("<210", 0, 209), ("210-219", 210, 219), ("220-229", 220, 229), ("230-239", 230, 239),
    (">=240", 240, 300),
)


@dataclass(frozen=True, slots=True)
class Yield:
    """Applications and interviews of a group of alumni."""

    people: int
    median_applications: float
    median_interviews: float
    applications: int
    interviews: int

    @property
    def per_100(self) -> float:
        """Interviews per 100 applications, all the group's applications pooled."""
        return 100 * self.interviews / self.applications if self.applications else 0.0

    @property
    def per_100_of_medians(self) -> float:
        """The survey's way: median interviews per median applications."""
        return 100 * self.median_interviews / self.median_applications if self.median_applications else 0.0


@dataclass(frozen=True, slots=True)
class Rate:
    count: int
    of: int

    @property
    def rate(self) -> float:
        return self.count / self.of if self.of else 0.0


def matched(alumnus: Alumnus) -> bool:
    return any(a.matched for a in alumnus.applications)


def population(alumnus: Alumnus) -> str:
    if alumnus.profile["citizenship"] == "us_citizen":
        return "US citizen"
    if alumnus.profile["visa_needed"] != "none":
        return "needs a visa (non-US)"
    return "permanent resident or no visa needed"


def interview_yield(alumni: Iterable[Alumnus]) -> Yield:
    group = list(alumni)
    applications = [len(a.applications) for a in group]
    interviews = [sum(x.interviewed for x in a.applications) for a in group]
    return Yield(len(group),
                 statistics.median(applications) if group else 0.0,
                 statistics.median(interviews) if group else 0.0,
                 sum(applications), sum(interviews))


def yields(alumni: Sequence[Alumnus]) -> dict[str, Yield]:
    """Interview yields of all alumni, of those who matched and of those who did not."""
    return {"all": interview_yield(alumni),
            "matched": interview_yield(a for a in alumni if matched(a)),
            "unmatched": interview_yield(a for a in alumni if not matched(a))}


def match_rates(alumni: Sequence[Alumnus]) -> dict[str, Rate]:
    rates: dict[str, Rate] = {}
    for label in ("US citizen", "needs a visa (non-US)", "permanent resident or no visa needed"):
        group = [a for a in alumni if population(a) == label]
        rates[label] = Rate(sum(map(matched, group)), len(group))
    rates["all"] = Rate(sum(map(matched, alumni)), len(alumni))
    return rates


def interview_rate_by_step2_band(alumni: Sequence[Alumnus]) -> dict[str, Rate]:
    rates = {}
    for label, low, high in STEP2_BANDS:
        apps = [x for a in alumni if low <= a.profile["step2ck"]["score"] <= high
                for x in a.applications]
        rates[label] = Rate(sum(x.interviewed for x in apps), len(apps))
    return rates


def img_share_by_specialty(rows: Sequence[Row]) -> dict[Specialty, float]:
    """IMG share of positions, NRMP's way: positions-weighted over programs stating both."""
    totals: dict[Specialty, list[float]] = {}
    for row in rows:
        if row["positions"] and row["img_share"] is not None:
            total = totals.setdefault(Specialty(row["specialty"]), [0.0, 0.0])
            total[0] += row["positions"] * row["img_share"]
            total[1] += row["positions"]
    return {s: imgs / positions for s, (imgs, positions) in totals.items()}


def report(rows: Sequence[Row], alumni: Sequence[Alumnus]) -> list[str]:
    """The figures as lines of text, each beside its published counterpart where there is one."""
    lines = [f"{len(alumni)} demo alumni, {sum(len(a.applications) for a in alumni)} applications; "
             f"{len(rows)} programs", "", "Interview yield (median applications, median "
             "interviews, per 100 of the medians, per 100 pooled):"]
    for label, y in yields(alumni).items():
        published = PUBLISHED_YIELD.get(label)
        beside = (f"   published {published[0]}, {published[1]}, "
                  f"{100 * published[1] / published[0]:.1f}" if published else "")
        lines.append(f"  {label:10} {y.people:5} alumni  {y.median_applications:5.1f} "
                     f"{y.median_interviews:5.1f}  {y.per_100_of_medians:5.1f}  "
                     f"{y.per_100:5.1f}{beside}")
    mean_apps = sum(len(a.applications) for a in alumni) / max(1, len(alumni))
    lines.append(f"  mean applications {mean_apps:.1f}   published {PUBLISHED_MEAN_APPLICATIONS}")
    lines += ["", "Interview rate by Step 2 CK band:"]
    for label, r in interview_rate_by_step2_band(alumni).items():
        lines.append(f"  {label:8} {r.rate:6.1%} of {r.of} applications")
    lines += ["", "Match rate by population:"]
    for label, r in match_rates(alumni).items():
        published_rate = PUBLISHED_MATCH_RATE.get(label)
        beside = f"   published {published_rate:.1%}" if published_rate else ""
        lines.append(f"  {label:38} {r.rate:6.1%} of {r.of}{beside}")
    lines += ["", "Catalog IMG share of positions by specialty:"]
    shares = img_share_by_specialty(rows)
    for specialty in sorted(shares, key=lambda s: -shares[s]):
        figure = figures.SPECIALTIES[specialty].img_share
        source = figures.IMG_SHARE_SOURCE[specialty]
        beside = f"published {figure:.1%} ({source})" if source else f"assumed {figure:.1%}"
        lines.append(f"  {specialty.label:32} {shares[specialty]:6.1%}   {beside}")
    return lines
