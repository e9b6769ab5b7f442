"""The contract suite (advisor/plugin_contract.py): a fair toy strategy keeps it, and each
faulty toy fails the check that names its fault, with a message its author can act on."""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor.plugin_contract import StrategyContract
from tests.strategies import toy_rules

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
TOY = ROOT / "tests" / "strategies" / "toy_strategy"
# Inner runs happen outside the repository, whose pytest settings leave pytest-alembic out.
INNER_ARGS = ("-p", "no:cacheprovider", "-p", "no:pytest_alembic")


class TestTheFairToyKeepsTheContract(StrategyContract):
    plugin_name = "toy"
    plugin_object = StrategyPlugin("tests.strategies.toy_strategy", rules=toy_rules)


INNER_HEADER = """
from advisor.hooks import HOOK_API_VERSION, hookimpl
from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor.plugin_contract import StrategyContract
from tests.strategies import faulty_rules, toy_rules


class Unchecked(StrategyPlugin):
    # Skips the render at load, which would refuse the fault before the contract meets it.
    def try_render(self, content):
        pass
"""


@pytest.fixture
def contract_run(pytester, monkeypatch):  # type: ignore[no-untyped-def]
    """contract_run(setup, check, template=None) runs one check of the contract in a fresh
    pytest session on the toy plugin `setup` defines; `template` replaces the toy's advice
    template in a copy of the package named `toy_copy_<n>`."""
    monkeypatch.syspath_prepend(str(ROOT))
    pytester.syspathinsert()
    copies: list[str] = []

    def run(setup: str, check: str, template: str | None = None):  # type: ignore[no-untyped-def]
        if template is not None:
            package = f"toy_copy_{len(copies)}_{pytester.path.name}"
            shutil.copytree(TOY, pytester.path / package)
            (pytester.path / package / "advice" / "self.md.j2").write_text(template)
            copies.append(package)
            setup = setup.replace("PACKAGE", package)
        pytester.makepyfile(test_toy_contract=INNER_HEADER + textwrap.dedent(setup))
        return pytester.runpytest("-k", check, *INNER_ARGS)

    yield run
    for name in [m for m in sys.modules if copies and m.startswith(tuple(copies))]:
        del sys.modules[name]


def toy_contract(plugin: str) -> str:
    """A contract test module's class checking `plugin`, an expression."""
    return f"""
        class TestContract(StrategyContract):
            plugin_name = "toy"
            plugin_object = {plugin}
    """


def toy_with(rules: str) -> str:
    return toy_contract(f'StrategyPlugin("tests.strategies.toy_strategy", rules={rules})')


@pytest.mark.parametrize("fault, check, message", [
    ("PenalisesAHighStep2", "test_a_better_step2ck_never_lowers_a_score",
     "a better Step 2 CK lowered a program's score, tier or chance"),
    ("PenalisesExperience", "test_more_us_clinical_experience_never_lowers_a_score",
     "adding hands-on experience or an observership lowered a program's score*"),
    ("PenalisesLetters", "test_another_us_letter_never_lowers_a_score",
     "adding a US letter lowered a program's score*"),
    ("RewardsAVisaNeed", "test_a_visa_need_never_raises_a_score",
     "toy said: *+6 Sponsorship welcome"),
    ("PrefersElsewhere", "test_moving_an_item_out_of_the_region_never_raises_a_score_there",
     "counted for more outside the region"),
    ("CountsLettersAnywhere", "test_an_item_outside_the_region_changes_none_of_its_adjustments",
     "a US letter in * changed the plugin's adjustments: US letters"),
    ("Forgetful", "test_the_same_profile_gives_the_same_answer",
     "assessing the same profile twice gave different *programs"),
])
def test_each_scoring_fault_fails_its_check(contract_run, fault, check, message):
    result = contract_run(toy_with(f"faulty_rules.{fault}"), check)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*{message}*"])


def test_the_same_checks_pass_the_fair_rules(contract_run):
    result = contract_run(toy_with("toy_rules"), "never or changes or same_profile")
    result.assert_outcomes(passed=7)


def test_a_claim_the_student_lacks_fails_naming_the_file_line_and_student(contract_run):
    unguarded = "Cite the strong evaluations from your US rotations.\n{% claim \"has_usce\" %}" \
                "Your US rotations speak for you.{% endclaim %}\n"
    result = contract_run(toy_contract('Unchecked("PACKAGE")'), "renders", template=unguarded)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*self.md.j2, line 2: claims has_usce for 'Sample', who lacks it; put the sentence "
        "inside {% if facts.has_usce %}*"])


def test_an_undefined_variable_fails_naming_the_file_and_line(contract_run):
    result = contract_run(toy_contract('Unchecked("PACKAGE")'), "renders",
                          template="Dear student,\nDear {{ a.nickname }},\n")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*self.md.j2, line 2: UndefinedError: *nickname*"])


def test_a_claim_no_profile_reaches_fails_as_never_shown(contract_run):
    dead = ("{% if facts.has_usce and facts.no_usce %}{% claim \"has_usce\" %}"
            "Your rotations.{% endclaim %}{% endif %}\n")
    result = contract_run(toy_contract('StrategyPlugin("PACKAGE")'), "both_holding",
                          template=dead)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*has_usce (self.md.j2): no profile that holds it reaches "
                                 "its claim*"])


def test_a_fact_no_profile_lacks_fails_as_unchecked(contract_run):
    # Profiles limited to students with a Step 2 CK: nothing shows the Step 2 CK sentence is
    # kept from a student without one.
    result = contract_run("""
        class TestContract(StrategyContract):
            plugin_name = "toy"
            plugin_object = StrategyPlugin("tests.strategies.toy_strategy")

            def contract_profiles(self, content):
                return [(label, a) for label, a in super().contract_profiles(content)
                        if a.step2ck_score is not None]
    """, "both_holding")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*has_step2ck (self.md.j2): no profile lacks it*"])


def office_contract(office: str) -> str:
    """A contract test module's class checking an instance of `office`, a class's source."""
    return textwrap.dedent(office) + textwrap.dedent("""
        class TestContract(StrategyContract):
            plugin_name = "office"
            plugin_object = Office()
    """)


def test_a_plugin_without_a_hook_api_version_fails(contract_run):
    result = contract_run(office_contract("""
        class Office:
            @hookimpl
            def advisor_regions(self):
                return []
    """), "hook_api or host_defines")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*the plugin declares no ADVISOR_HOOK_API*"])


def test_a_misspelt_or_unmarked_hook_fails_naming_the_hook_it_resembles(contract_run):
    result = contract_run(office_contract("""
        class Office:
            ADVISOR_HOOK_API = HOOK_API_VERSION

            @hookimpl
            def advisor_adjust_score(self, applicant, programs):
                return []

            def advisor_gude(self):
                return None

            def advisor_regions(self):
                return []
    """), "hook_api or host_defines")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*advisor_adjust_score is marked @hookimpl, but the host defines no hook of that "
        "name; did you mean advisor_adjust_scores?*",
        "*advisor_gude looks like the hook advisor_guide misspelt; it is never called*",
        "*advisor_regions is not marked with @hookimpl, so it is never called*",
    ])


def test_a_plugin_failing_in_the_app_fails_naming_what_the_advisor_misses(contract_run):
    broken = """
        class AdviceFails(StrategyPlugin):
            @hookimpl
            def advisor_advice(self, applicant, plan):
                raise RuntimeError("the advice broke")
    """
    result = contract_run(broken + toy_contract(
        'AdviceFails("tests.strategies.toy_strategy", rules=toy_rules)'), "choosing_the_region")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the plugin failed: *the advice broke*",
                                 "*it gave the student no advice*"])


def test_a_plugin_that_is_not_installed_is_named(contract_run):
    result = contract_run("""
        class TestContract(StrategyContract):
            plugin_name = "not_installed"
    """, "hook_api")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no plugin named 'not_installed' is installed*"])
