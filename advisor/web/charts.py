"""Charts for the advice page and the calibration report, drawn on the server as inline SVG.

Each chart comes in two parts: the numbers (plain dataclasses, which the page also shows as a
table for screen readers and print) and an SVG drawing of them. The SVG has a <title> and a
<desc>, uses presentation attributes (fill, font-size) and class names only, never a style
attribute, so it passes a strict Content Security Policy, and every text in it is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from advisor.enums import Tier
from advisor.scoring.calibration import ChanceBin
from advisor.scoring.results import ScoredProgram

LIST_TIERS: tuple[Tier, ...] = (Tier.SAFETY, Tier.TARGET, Tier.REACH)
# The same colours as the tier badges in app.css; as fill attributes they also print.
TIER_FILL = {Tier.SAFETY: "#1e7b3a", Tier.TARGET: "#1d5fa8", Tier.REACH: "#a35f00",
             Tier.LONG_SHOT: "#8a2b2b"}
SCREEN_FILL = "#6b7785"
MEDIAN_FILL = "#1d5fa8"
STUDENT_STROKE = "#b00020"
INK = "#1b1f24"
GRID = "#d5dae0"
OUTSIDE = "outside"
ALL = "all"
BIN_WIDTH = 5

# ----------------------------------------------------------------------------- the numbers


@dataclass(frozen=True, slots=True)
class MakeupRow:
    key: str  # a region slug, ALL or OUTSIDE
    label: str
    counts: Mapping[Tier, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Makeup:
    """How many programs of each tier the list holds, overall and per region."""

    rows: list[MakeupRow]
    tiers: tuple[Tier, ...] = LIST_TIERS

    @property
    def total(self) -> int:
        return self.rows[0].total if self.rows else 0


def list_makeup(entries: Sequence[ScoredProgram], region_names: Mapping[str, str],
                always: Iterable[str] = ()) -> Makeup:
    """Counts per tier for the whole list, for each region (regions overlap: a Los Angeles
    program is in Southern California too), and for programs outside every region.

    Regions with no program on the list are left out unless named in `always`. Long shots
    get a column only when the planner had to add some.
    """
    tiers = LIST_TIERS + ((Tier.LONG_SHOT,) if any(e.tier is Tier.LONG_SHOT for e in entries)
                          else ())

    def counts(items: Iterable[ScoredProgram]) -> dict[Tier, int]:
        out = dict.fromkeys(tiers, 0)
        for item in items:
            if item.tier in out:
                out[item.tier] += 1
        return out

    rows = [MakeupRow(ALL, "Whole list", counts(entries))]
    wanted = set(always)
    region_rows = []
    for slug, name in region_names.items():
        row = MakeupRow(slug, name, counts(e for e in entries if slug in e.program.regions))
        if row.total or slug in wanted:
            region_rows.append(row)
    region_rows.sort(key=lambda r: (-r.total, r.label))
    rows.extend(region_rows)
    rows.append(MakeupRow(OUTSIDE, "Outside any region",
                          counts(e for e in entries if not e.program.regions)))
    return Makeup(rows, tiers)


@dataclass(frozen=True, slots=True)
class Step2Bin:
    low: int  # inclusive
    high: int  # inclusive
    screens: int
    medians: int

    @property
    def label(self) -> str:
        return f"{self.low}-{self.high}"


@dataclass(frozen=True, slots=True)
class Step2Position:
    """The student's Step 2 CK against the stated screens and medians of the listed programs."""

    student: int | None
    programs: int
    screens: list[int] = field(default_factory=list)
    medians: list[int] = field(default_factory=list)
    bins: list[Step2Bin] = field(default_factory=list)

    @property
    def screens_met(self) -> int | None:
        """Programs whose stated screen the student's score meets; None without a score."""
        if self.student is None:
            return None
        return sum(1 for s in self.screens if self.student >= s)

    @property
    def medians_at_or_below(self) -> int | None:
        if self.student is None:
            return None
        return sum(1 for m in self.medians if self.student >= m)

    @property
    def has_data(self) -> bool:
        return bool(self.screens or self.medians)

    @property
    def summary(self) -> str:
        parts = []
        if self.student is None:
            parts.append("No Step 2 CK score is on record, so the chart shows the programs' "
                         "numbers only.")
        else:
            parts.append(f"Step 2 CK {self.student}.")
        if self.screens:
            met = "" if self.screens_met is None else f"; the score meets {self.screens_met}"
            parts.append(f"{len(self.screens)} of {self.programs} listed programs state a "
                         f"minimum score (screen){met}.")
        else:
            parts.append(f"None of the {self.programs} listed programs states a minimum score.")
        if self.medians:
            middle = _middle(self.medians)
            below = ("" if self.medians_at_or_below is None
                     else f"; the score is at or above {self.medians_at_or_below} of them")
            parts.append(f"{len(self.medians)} state the median score of their matched "
                         f"residents, typically {middle}{below}.")
        else:
            parts.append("None states the median score of its matched residents.")
        return " ".join(parts)


def _middle(values: Sequence[int]) -> int:
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else round((ordered[n // 2 - 1] + ordered[n // 2]) / 2)


def step2_position(entries: Sequence[ScoredProgram], student_score: int | None) -> Step2Position:
    screens = [e.program.step2_min for e in entries if e.program.step2_min is not None]
    medians = [e.program.step2_median for e in entries if e.program.step2_median is not None]
    values = screens + medians + ([student_score] if student_score is not None else [])
    bins: list[Step2Bin] = []
    if screens or medians:
        low = (min(values) // BIN_WIDTH) * BIN_WIDTH
        high = (max(values) // BIN_WIDTH) * BIN_WIDTH
        for start in range(low, high + 1, BIN_WIDTH):
            end = start + BIN_WIDTH - 1
            bins.append(Step2Bin(start, end, sum(1 for s in screens if start <= s <= end),
                                 sum(1 for m in medians if start <= m <= end)))
    return Step2Position(student_score, len(entries), screens, medians, bins)


# ----------------------------------------------------------------------------- drawing

def _svg_open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12,
          fill: str = INK, cls: str = "", weight: str = "") -> str:
    extra = f' class="{cls}"' if cls else ""
    extra += f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{fill}"{extra}>{escape(text)}</text>')


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def makeup_svg(makeup: Makeup, chart_id: str = "chart-makeup") -> Markup:
    """Stacked horizontal bars: one per row of `makeup`, split by tier."""
    label_w, bar_w, right = 200, 380, 50
    top, row_h, bar_h = 44, 30, 20
    width = label_w + bar_w + right
    height = top + row_h * len(makeup.rows) + 10
    biggest = max((row.total for row in makeup.rows), default=0) or 1
    desc = "; ".join(
        f"{row.label}: {row.total} (" + ", ".join(f"{row.counts[t]} {t.label.lower()}"
                                                  for t in makeup.tiers) + ")"
        for row in makeup.rows)
    parts = _svg_open(chart_id, width, height, "The list by tier and by region",
                      "Programs on the recommended list, counted by tier, for the whole list and "
                      "for each region (a program can be in more than one region). " + desc)
    x = float(label_w)
    for tier in makeup.tiers:  # legend
        parts.append(f'<rect x="{x}" y="8" width="14" height="14" fill="{TIER_FILL[tier]}" '
                     f'class="bar-{tier.value}"/>')
        parts.append(_text(x + 20, 20, tier.label))
        x += 90
    for i, row in enumerate(makeup.rows):
        y = top + i * row_h
        parts.append(_text(label_w - 8, y + bar_h / 2 + 4, _short(row.label), anchor="end",
                           weight="700" if row.key == ALL else ""))
        x = float(label_w)
        for tier in makeup.tiers:
            count = row.counts[tier]
            if not count:
                continue
            w = bar_w * count / biggest
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{TIER_FILL[tier]}" class="bar-{tier.value}">'
                         f'<title>{escape(row.label)}: {count} {escape(tier.label.lower())}</title></rect>')
            if w >= 22:
                parts.append(_text(x + w / 2, y + bar_h / 2 + 4, str(count), anchor="middle",
                                   size=11, fill="#ffffff"))
            x += w
        parts.append(_text(x + 6, y + bar_h / 2 + 4, str(row.total), weight="700"))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def step2_svg(position: Step2Position, chart_id: str = "chart-step2") -> Markup:
    """Two histograms on one score axis (stated screens above, medians below) and a line at
    the student's score."""
    left, plot_w, right = 150, 440, 40
    panel_h, gap, top, axis_h = 90, 26, 30, 40
    width = left + plot_w + right
    height = top + 2 * panel_h + gap + axis_h
    parts = _svg_open(chart_id, width, height, "Step 2 CK against the programs' screens and medians",
                      "Histograms of the minimum Step 2 CK scores (screens) and of the median "
                      "scores of matched residents, for the programs on the list. "
                      + position.summary)
    if not position.bins:
        parts.append(_text(width / 2, height / 2, "No listed program states a screen or a median.",
                           anchor="middle", size=13))
        parts.append("</svg>")
        return Markup("".join(parts))  # noqa: S704 - escaped above

    low, high = position.bins[0].low, position.bins[-1].high + 1
    span = high - low

    def sx(score: float) -> float:
        return left + plot_w * (score - low) / span

    biggest = max(max(b.screens, b.medians) for b in position.bins) or 1
    panels = (("Stated screens", "", "screens", SCREEN_FILL, top),
              ("Medians", "of matched residents", "medians", MEDIAN_FILL, top + panel_h + gap))
    for heading, subheading, attr, fill, y0 in panels:
        label = f"{heading} {subheading}".strip()
        base = y0 + panel_h
        parts.append(_text(left - 10, y0 + panel_h / 2, heading, anchor="end"))
        if subheading:
            parts.append(_text(left - 10, y0 + panel_h / 2 + 15, subheading, anchor="end", size=11))
        parts.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        for b in position.bins:
            count = getattr(b, attr)
            if not count:
                continue
            h = (panel_h - 14) * count / biggest
            x, w = sx(b.low) + 1, sx(b.high + 1) - sx(b.low) - 2
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
                         f'fill="{fill}" class="bar-{attr}"><title>{escape(label)} {b.label}: '
                         f'{count}</title></rect>')
            parts.append(_text(x + w / 2, base - h - 3, str(count), anchor="middle", size=10))
    axis_y = top + 2 * panel_h + gap
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" '
                 f'stroke="{INK}" stroke-width="1" class="axis"/>')
    step = max(BIN_WIDTH, math.ceil(span / 10 / BIN_WIDTH) * BIN_WIDTH)
    for tick in range(low, high + 1, step):
        parts.append(f'<line x1="{sx(tick):.1f}" y1="{axis_y}" x2="{sx(tick):.1f}" '
                     f'y2="{axis_y + 5}" stroke="{INK}" stroke-width="1"/>')
        parts.append(_text(sx(tick), axis_y + 18, str(tick), anchor="middle", size=11))
    parts.append(_text(left + plot_w / 2, axis_y + 34, "Step 2 CK score", anchor="middle", size=11))
    if position.student is not None:
        x = sx(position.student + 0.5)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis_y}" '
                     f'stroke="{STUDENT_STROKE}" stroke-width="2" stroke-dasharray="5 3" '
                     f'class="student-score"/>')
        anchor = "end" if x > left + plot_w * 0.7 else "start"
        parts.append(_text(x + (-5 if anchor == "end" else 5), top - 10,
                           f"Your score: {position.student}", anchor=anchor,
                           fill=STUDENT_STROKE, weight="700"))
    else:
        parts.append(_text(left, top - 10, "No Step 2 CK score on record", fill=STUDENT_STROKE,
                           weight="700"))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def calibration_svg(bins: Sequence[ChanceBin], chart_id: str = "chart-calibration") -> Markup:
    """Predicted interview chance (x) against the observed interview rate (y), one dot per
    chance band sized by its applications; dots on the diagonal mean the chances were right."""
    left, plot, top, bottom, right = 60, 360, 20, 50, 20
    width, height = left + plot + right, top + plot + bottom
    desc = "; ".join(f"predicted {b.mean_chance:.0%}: {b.interviews} of {b.applications} "
                     f"interviewed ({b.rate:.0%})" for b in bins) or "No past applications yet."
    parts = _svg_open(chart_id, width, height, "Predicted chance against interviews received",
                      "Each dot is a band of past applications: across, the interview chance "
                      "the score predicted; up, the share that were interviewed. " + desc)

    def x(v: float) -> float:
        return left + plot * v

    def y(v: float) -> float:
        return top + plot * (1.0 - v)

    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line x1="{x(0)}" y1="{y(tick):.1f}" x2="{x(1)}" y2="{y(tick):.1f}" '
                     f'stroke="{GRID}"/>')
        parts.append(_text(left - 6, y(tick) + 4, f"{tick:.0%}", anchor="end", size=11))
        parts.append(_text(x(tick), top + plot + 16, f"{tick:.0%}", anchor="middle", size=11))
    parts.append(f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="{SCREEN_FILL}" '
                 f'stroke-dasharray="4 4"><title>Perfect calibration</title></line>')
    parts.append(_text(left + plot / 2, height - 8, "Predicted interview chance", anchor="middle"))
    parts.append(f'<text x="14" y="{top + plot / 2}" font-size="12" fill="{INK}" '
                 f'text-anchor="middle" transform="rotate(-90 14 {top + plot / 2})">'
                 f'Interviewed</text>')
    biggest = max((b.applications for b in bins), default=1)
    for b in bins:
        r = 4 + 10 * (b.applications / biggest) ** 0.5
        parts.append(f'<circle cx="{x(b.mean_chance):.1f}" cy="{y(b.rate):.1f}" r="{r:.1f}" '
                     f'fill="{MEDIAN_FILL}" fill-opacity="0.7" class="calibration-point">'
                     f'<title>Predicted {b.mean_chance:.0%}: {b.interviews} of {b.applications} '
                     f'interviewed ({b.rate:.0%})</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped or a number
