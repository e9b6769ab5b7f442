"""The advice page's charts: their numbers and their SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from advisor.enums import Specialty, Tier
from advisor.hooks.types import ProgramInfo
from advisor.scoring.results import ReasonLedger, ScoredProgram
from advisor.web import charts

SVG = "{http://www.w3.org/2000/svg}"
REGIONS = {"los_angeles": "Los Angeles", "socal": "Southern California", "bay_area": "Bay Area"}


def entry(n: int, tier: Tier, regions: tuple[str, ...] = (), step2_min: int | None = None,
          step2_median: int | None = None) -> ScoredProgram:
    program = ProgramInfo(f"P{n:03d}", f"Program {n}", Specialty.INTERNAL_MEDICINE, "CA",
                          step2_min=step2_min, step2_median=step2_median, regions=regions)
    return ScoredProgram(program, 60.0, tier, ReasonLedger({}), 0)


def parsed(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
    assert "<script" not in svg
    return root


LIST = [
    entry(1, Tier.SAFETY, ("los_angeles", "socal")),
    entry(2, Tier.TARGET, ("los_angeles", "socal")),
    entry(3, Tier.TARGET, ("socal",)),
    entry(4, Tier.REACH),
    entry(5, Tier.REACH),
]


def test_makeup_counts_tiers_overall_per_region_and_outside_every_region():
    makeup = charts.list_makeup(LIST, REGIONS)
    rows = {row.key: row for row in makeup.rows}
    assert makeup.total == 5
    assert dict(rows[charts.ALL].counts) == {Tier.SAFETY: 1, Tier.TARGET: 2, Tier.REACH: 2}
    # Regions overlap: a Los Angeles program counts for Southern California too.
    assert dict(rows["socal"].counts) == {Tier.SAFETY: 1, Tier.TARGET: 2, Tier.REACH: 0}
    assert dict(rows["los_angeles"].counts) == {Tier.SAFETY: 1, Tier.TARGET: 1, Tier.REACH: 0}
    assert dict(rows[charts.OUTSIDE].counts) == {Tier.SAFETY: 0, Tier.TARGET: 0, Tier.REACH: 2}
    # A region with nothing on the list is left out unless the student targets it.
    assert "bay_area" not in rows
    assert [r.key for r in makeup.rows] == ["all", "socal", "los_angeles", "outside"]
    targeted = charts.list_makeup(LIST, REGIONS, always=["bay_area"])
    assert {r.key: r.total for r in targeted.rows}["bay_area"] == 0


def test_makeup_svg_has_a_title_a_description_with_the_numbers_and_one_bar_per_count():
    makeup = charts.list_makeup(LIST, REGIONS)
    root = parsed(charts.makeup_svg(makeup))
    desc = root.find(f"{SVG}desc").text
    assert "Whole list: 5 (1 safety, 2 target, 2 reach)" in desc
    assert "Outside any region: 2 (0 safety, 0 target, 2 reach)" in desc
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    # Non-empty segments only: whole list 3, socal 2, los_angeles 2, outside 1.
    assert len(bars) == 8
    assert {b.get("class") for b in bars} == {"bar-safety", "bar-target", "bar-reach"}
    widths = {b.find(f"{SVG}title").text: float(b.get("width")) for b in bars}
    assert widths["Whole list: 2 target"] == widths["Southern California: 2 target"]
    assert widths["Whole list: 2 target"] == 2 * widths["Whole list: 1 safety"]


def test_long_shots_get_a_column_only_when_the_list_holds_some():
    assert charts.list_makeup(LIST, REGIONS).tiers == (Tier.SAFETY, Tier.TARGET, Tier.REACH)
    makeup = charts.list_makeup([*LIST, entry(6, Tier.LONG_SHOT)], REGIONS)
    assert makeup.tiers[-1] is Tier.LONG_SHOT
    assert makeup.rows[0].counts[Tier.LONG_SHOT] == 1 and makeup.total == 6
    root = parsed(charts.makeup_svg(makeup))
    assert root.find(f"{SVG}rect[@class='bar-long_shot']") is not None


def test_chart_text_from_plugins_is_escaped():
    makeup = charts.list_makeup(LIST, {"socal": "<script>alert(1)</script> & co"})
    svg = charts.makeup_svg(makeup)
    parsed(svg)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg


def test_step2_position_bins_screens_and_medians_around_the_students_score():
    entries = [entry(1, Tier.SAFETY, step2_min=210, step2_median=222),
               entry(2, Tier.TARGET, step2_min=220, step2_median=231),
               entry(3, Tier.REACH, step2_min=230),
               entry(4, Tier.REACH)]
    position = charts.step2_position(entries, 221)
    assert position.screens == [210, 220, 230] and position.medians == [222, 231]
    assert position.screens_met == 2
    assert position.medians_at_or_below == 0
    assert [b.label for b in position.bins] == ["210-214", "215-219", "220-224", "225-229", "230-234"]
    assert [(b.screens, b.medians) for b in position.bins] == [(1, 0), (0, 0), (1, 1), (0, 0), (1, 1)]
    assert "3 of 4 listed programs state a minimum score (screen); the score meets 2." in position.summary


def test_step2_svg_draws_the_students_score_as_a_line_inside_the_axis():
    entries = [entry(1, Tier.SAFETY, step2_min=210, step2_median=222),
               entry(2, Tier.TARGET, step2_min=230, step2_median=240)]
    root = parsed(charts.step2_svg(charts.step2_position(entries, 221)))
    line = root.find(f"{SVG}line[@class='student-score']")
    assert line is not None
    axis = root.find(f"{SVG}line[@class='axis']")
    assert float(axis.get("x1")) < float(line.get("x1")) < float(axis.get("x2"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Your score: 221" in texts
    assert root.find(f"{SVG}desc").text.endswith("the score is at or above 0 of them.")


def test_step2_chart_without_a_score_on_record_shows_the_programs_only():
    position = charts.step2_position([entry(1, Tier.REACH, step2_min=220, step2_median=228)], None)
    assert position.screens_met is None
    assert "No Step 2 CK score is on record" in position.summary
    root = parsed(charts.step2_svg(position))
    assert root.find(f"{SVG}line[@class='student-score']") is None
    assert "No Step 2 CK score on record" in [t.text for t in root.iter(f"{SVG}text")]


def test_step2_chart_when_no_program_states_a_screen_or_median():
    position = charts.step2_position([entry(1, Tier.TARGET)], 230)
    assert position.bins == [] and not position.has_data
    svg = charts.step2_svg(position)
    parsed(svg)
    assert "No listed program states a screen or a median." in svg
    assert not re.search(r"<rect", svg)
