"""How a listed program's reasons read: grouped by factor, the "also noted" ones folded away."""

from __future__ import annotations

import re

from advisor.enums import Factor, Tier
from advisor.scoring.results import Reason
from advisor.web.advice_rows import reasons_html


class Names:
    """Stands in for the advice page: the rows ask it only for sources' display names."""

    @staticmethod
    def source_name(source: str) -> str:
        return {"core": "General", "socal": "Southern California"}.get(source, source)


def test_counted_reasons_are_grouped_under_their_factor_and_also_noted_ones_are_folded():
    reasons = [
        Reason("core", 0, "At best a target: Step 2 CK not solidly in range", Tier.TARGET,
               Factor.STEP2CK),
        Reason("core", -4.8, "Step 2 CK 8 below the typical 229", factor=Factor.STEP2CK),
        Reason("core", 8.0, "80% of residents are IMGs", factor=Factor.IMG_SHARE),
        Reason("socal", 3.0, "Rotation in Orange County", factor=Factor.USCE),
        Reason("core", 1.0, "2 months of US experience", factor=Factor.USCE, counted=False),
        Reason("core", 0, "Sponsors the J-1 the student needs", factor=Factor.VISA),
    ]
    html = reasons_html(Names(), reasons)
    shown, _, folded = html.partition("<details")
    labels = re.findall(r'<span class="factor">([^<]*):</span>', shown)
    # the group with the largest change first; a tier limit after its group's changes
    assert labels == ["IMGs in training", "Step 2 CK", "US clinical experience"]
    assert shown.index("8 below") < shown.index("not solidly")
    # a limit is shown as the limit, never as a change of 0, and not said twice
    assert "target at best" not in shown and ">0<" not in shown
    assert "Sponsors the J-1" not in shown and "2 months of US experience" not in shown
    assert "Also noted (2)" in folded and "2 months of US experience" in folded
    assert "Sponsors the J-1" in folded and "already counted once" in folded
    assert "(Southern California)" in shown


def test_a_limit_whose_text_does_not_say_it_gets_a_badge():
    html = reasons_html(Names(), [Reason("socal", 0, "Harder specialty under 230 in LA",
                                         Tier.REACH, Factor.COMPETITION)])
    assert '<span class="badge">reach at best</span> Harder specialty' in html


def test_a_program_with_nothing_also_noted_has_no_fold():
    html = reasons_html(Names(), [Reason("core", 2.0, "Recent graduate", factor=Factor.GRADUATION)])
    assert "<details" not in html and "Graduation year:" in html


def test_lines_kept_for_the_page_read_as_each_program_written_alone():
    step2 = Reason("core", -4.8, "Step 2 CK 8 below the typical 229", factor=Factor.STEP2CK)
    cap = Reason("core", 0, "Step 2 CK not solidly in range", Tier.TARGET, Factor.STEP2CK)
    noted = Reason("core", 1.0, "2 months of US experience", factor=Factor.USCE, counted=False)
    programs = [[step2, noted], [cap, step2], [step2, noted], [noted]]
    written: dict = {}
    together = [reasons_html(Names(), reasons, written) for reasons in programs]
    assert together == [reasons_html(Names(), reasons) for reasons in programs]
    # the label goes with the first line of its factor only, wherever the line comes
    assert '<span class="factor">Step 2 CK:</span> <span class="delta down">' in together[0]
    assert together[1].count('<span class="factor">Step 2 CK:</span>') == 1
