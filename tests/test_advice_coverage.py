"""Every strategy's advice covers every theme of the domain digest, for every demo student."""

from __future__ import annotations

import pytest

from advisor.demo.students import demo_students
from advisor.plugin_registry import PluginRegistry
from advisor.hooks.types import ADVICE_THEMES
from advisor.profile_schema import parse_profile
from advisor.scoring import core_plugin
from advisor.scoring.engine import assess
from advisor.services.applicants import applicant_from_profile
from advisor.testing import make_program

BUILT_IN = ("socal", "los_angeles", "bay_area", "pacific_coast", "nationwide")


@pytest.fixture(scope="module")
def registry() -> PluginRegistry:
    registry = PluginRegistry()
    registry.register(core_plugin, "core")
    registry.load_entry_points()
    return registry


@pytest.mark.parametrize("document", demo_students(2026), ids=lambda d: d["name"])
@pytest.mark.parametrize("strategy", BUILT_IN)
def test_each_strategy_covers_every_theme(registry, document, strategy):
    profile = parse_profile({**document, "target_regions": [strategy]})
    applicant = applicant_from_profile(profile, 2026)
    result = assess(applicant, [make_program()], registry)
    assert not result.warnings
    themes = {section.theme for source, section in result.advice if source == strategy}
    assert themes >= set(ADVICE_THEMES), sorted(set(ADVICE_THEMES) - themes)
    for _source, section in result.advice:
        assert section.title.strip() and section.body.strip()


def test_a_step1_failure_gets_personal_statement_guidance_and_a_clean_record_does_not(registry):
    documents = {d["name"]: d for d in demo_students(2026)}
    failed = next(d for d in documents.values() if d["step1"]["attempts"] > 1)
    clean = next(d for d in documents.values()
                 if d["step1"]["result"] == "pass" and d["step1"]["attempts"] == 1)
    def statement(document):  # type: ignore[no-untyped-def]
        applicant = applicant_from_profile(parse_profile({**document, "target_regions": ["nationwide"]}), 2026)
        sections = assess(applicant, [make_program()], registry).advice
        return " ".join(s.body for _, s in sections if s.theme == "personal_statement").lower()
    assert "step 1" in statement(failed)
    assert "what changed" in statement(failed) or "changed" in statement(failed)
    assert "step 1 fail" not in statement(clean)
