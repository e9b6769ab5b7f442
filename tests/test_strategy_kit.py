"""The plugin kit in advisor.hooks: areas, regional records, strategy files and their errors,
office overrides through the app, the host's refusals, and the kit's independence from the
host."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import escape

from advisor.enums import Role, TieKind
from advisor.hooks import hookimpl
from advisor.hooks.areas import UnknownArea, Whereabouts, area
from advisor.hooks.facts import profile_facts
from advisor.hooks.places import RegionalRecord
from advisor.hooks.strategy import load_strategy
from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor.hooks.templating import ContentError, claimed_facts
from advisor.hooks.types import Place, RegionalTie, UsLetter
from advisor.plugin_registry import PluginRefused, PluginRegistry, get_registry
from advisor.testing import make_applicant

ROOT = Path(__file__).resolve().parent.parent
TOY = ROOT / "tests" / "strategies" / "toy_strategy"

ALAMEDA = Place("CA", "Alameda County", "94612")
LOS_ANGELES = Place("CA", "Los Angeles County", "90033")
COLUMBUS = Place("OH", "Franklin County", "43215")


# ------------------------------------------------------------------------------ areas


@pytest.mark.parametrize("place, expected", [
    (ALAMEDA, Whereabouts.INSIDE),
    (Place("CA", "Fresno County", "93721"), Whereabouts.INSIDE),
    (LOS_ANGELES, Whereabouts.OUTSIDE),        # Southern California is taken out
    (Place("CA", "Orange County"), Whereabouts.OUTSIDE),
    (COLUMBUS, Whereabouts.OUTSIDE),
    (Place("CA"), Whereabouts.NOT_GIVEN),      # in CA, but north or south cannot be told
    (Place(), Whereabouts.NOT_GIVEN),
])
def test_northern_california_is_california_minus_southern_california(place, expected):
    assert area("northern_california").where(place.state, place.county) is expected


def test_a_state_without_a_county_is_not_given_only_where_counties_draw_the_area():
    assert area("bay_area").where("CA", None) is Whereabouts.NOT_GIVEN
    assert area("bay_area").where("OR", None) is Whereabouts.OUTSIDE
    assert area("california").where("CA", None) is Whereabouts.INSIDE
    assert area("midwest").where(None, None) is Whereabouts.NOT_GIVEN


def test_an_unknown_area_is_named_with_the_known_ones():
    with pytest.raises(UnknownArea, match="no area 'norcal'.*known: bay_area, boston"):
        area("norcal")


def test_a_regional_record_keeps_not_given_apart_from_elsewhere():
    applicant = make_applicant(
        us_letters=(UsLetter(place=ALAMEDA), UsLetter(place=Place("CA")),
                    UsLetter(place=COLUMBUS), UsLetter(place=LOS_ANGELES)),
        ties=(RegionalTie(TieKind.FAMILY, Place("CA")),))
    record = RegionalRecord.of(applicant, area("bay_area"))
    assert (record.letters, record.letters_not_given, record.letters_elsewhere) == (1, 1, 2)
    assert (record.ties, record.ties_not_given, record.ties_elsewhere) == (0, 1, 0)
    facts = profile_facts(applicant, record)
    assert facts["letters_in_region"] and facts["location_not_given"]
    assert not facts["nothing_in_region"] and not facts["ties_in_region"]

    # With every place known and outside, nothing is in the region, and nothing is unknown.
    away = replace(applicant, us_letters=(UsLetter(place=COLUMBUS),), ties=())
    away_facts = profile_facts(away, RegionalRecord.of(away, area("bay_area")))
    assert away_facts["nothing_in_region"] and not away_facts["location_not_given"]


# ---------------------------------------------------------------------- strategy files


_copies = itertools.count()


@pytest.fixture
def toy(tmp_path, monkeypatch) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """A copy of the toy strategy to break, importable under a name of its own."""
    name = f"toy_copy_{next(_copies)}"
    folder = Path(shutil.copytree(TOY, tmp_path / name))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield folder
    sys.modules.pop(name, None)


def loaded(folder: Path) -> StrategyPlugin:
    """The copy as its plugin loads it: files read, then rendered for the sample profiles."""
    plugin = StrategyPlugin(folder.name)
    plugin.try_render(plugin.content)
    return plugin


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


def test_the_toy_strategy_loads_with_its_area_as_region(toy):
    content = loaded(toy).content
    assert (content.slug, content.region.name) == ("toy", "San Francisco Bay Area")
    assert ("Alameda County", "CA") in content.region.counties
    assert [entry.title for entry in content.advice] == ["Where you stand"]


def test_rules_that_need_a_region_name_the_strategy_file_when_it_has_none(toy):
    content = replace(loaded(toy).content, geography=None)
    with pytest.raises(ContentError, match=r"strategy\.toml: region: the Toy rules need"):
        content.required_geography  # noqa: B018


@pytest.mark.parametrize("file, old, new, line_at, problem", [
    ("strategy.toml", 'name = "Toy"', 'name = "Toy', 'name = "Toy', "not valid TOML"),
    ("strategy.toml", 'theme = "self_assessment"', 'theme = "self"', "theme =",
     "unknown theme 'self'; use self_assessment"),
    ("strategy.toml", 'area = "bay_area"', 'area = "the_bay"', "area =", "no area 'the_bay'"),
    ("strategy.toml", 'audience = ["us_citizen"]', 'audience = ["citizens"]', "audience =",
     "unknown audience 'citizens'"),
    ("strategy.toml", "total = [80, 120]", "totl = [80, 120]", "totl =",
     "plan: unknown key 'totl'; did you mean 'total'?"),
    ("strategy.toml", 'caps = [{ area = "northern_california"',
     'caps = [{ aera = "northern_california"', "caps =",
     "plan.caps: unknown key 'aera'; did you mean 'area'?"),
    ("strategy.toml", 'theme = "self_assessment"',
     'theme = "self_assessment"\nrequires = ["has_usec"]', "requires =",
     "unknown fact 'has_usec'"),
    ("advice/self.md.j2", '{% claim "has_step2ck" %}', '{% claim "has_step2" %}',
     '{% claim "has_step2" %}', "claim names an unknown fact: 'has_step2'"),
    ("advice/self.md.j2", "{% else %}", "{% elsif %}", "{% elsif %}",
     "Encountered unknown tag 'elsif'"),
    ("advice/self.md.j2", "Sit Step 2 CK when ready.", "Sit Step 2 CK, {{ a.nickname }}.",
     "a.nickname", "UndefinedError"),
    ("advice/self.md.j2", "Sit Step 2 CK when ready.",
     '{% claim "has_usce" %}Cite your US rotations.{% endclaim %}', "has_usce",
     "claims has_usce for the sample profile 'Sample, no Step 2 CK yet', which does not "
     "hold it"),
])
def test_a_mistake_in_the_content_is_refused_naming_the_file_and_line(
        toy, file, old, new, line_at, problem):
    path = toy / file
    edit(path, old, new)
    with pytest.raises(ContentError) as caught:
        loaded(toy)
    error = caught.value
    assert (Path(error.path), error.line) == (path, line_of(path, line_at)), str(error)
    assert problem in error.problem


def test_the_facts_a_template_claims_are_found_in_branches_never_taken():
    source = ('{% if false %}{% claim "has_usce", "usce_in_region" %}x{% endclaim %}{% endif %}'
              '{% claim "needs_visa" %}y{% endclaim %}')
    assert claimed_facts(source) == {"has_usce", "usce_in_region", "needs_visa"}
    assert claimed_facts("No claim here: {{ a.name }}") == set()


@pytest.mark.parametrize("region, message", [
    ('states = ["TX"]\ncounties = ["Harris County, TX", "Dallas County, TX"]', None),
    ('counties = ["Harris County, TX"]', None),
    ('states = ["XX"]', "'XX' is not a US state code"),
    ('counties = ["Harris County"]', "'Harris County' is not \"County Name, ST\""),
    ('states = ["OK"]\ncounties = ["Harris County, TX"]', "a county in TX lies outside"),
    ('states = ["OK", "TX"]\ncounties = ["Harris County, TX"]',
     "OK has no county in region.counties"),
    ('area = "bay_area"\nstates = ["CA"]', "give an area or states and counties, not both"),
])
def test_a_region_by_states_and_counties_is_checked(toy, region, message):
    edit(toy / "strategy.toml", 'area = "bay_area"', region)
    edit(toy / "strategy.toml", 'caps = [{ area = "northern_california", max = 20, '
                                'label = "Northern California" }]', "caps = []")
    if message is None:
        content = load_strategy(toy)
        assert ("Harris County", "TX") in content.region.counties
        assert content.region.states == {"TX"}
        return
    with pytest.raises(ContentError, match="region") as caught:
        load_strategy(toy)
    assert message in str(caught.value)
    assert caught.value.line is not None


# ------------------------------------------------------------------ the host's refusals


class Misspelt:
    ADVISOR_HOOK_API = 2

    @hookimpl
    def advisor_adjust_score(self, applicant, programs):  # type: ignore[no-untyped-def]
        return []


def test_a_misspelt_hook_is_refused_by_the_registry_and_not_listed():
    registry = PluginRegistry()
    with pytest.raises(PluginRefused, match="advisor_adjust_score"):
        registry.register(Misspelt(), name="misspelt")
    assert "misspelt" not in registry.pm_names()
    assert "misspelt" not in {info.name for info in registry.plugins()}


def install_entry_point(site: Path, name: str, value: str) -> None:
    """Metadata for a distribution whose entry point `name` is `value`, as pip writes it."""
    info = site / f"advisor_test_{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: advisor-test-{name}\n"
                                   "Version: 0.1\n")
    (info / "entry_points.txt").write_text(f"[advisor.plugins]\n{name} = {value}\n")


@pytest.mark.parametrize("source, message", [
    ("from advisor.hooks import hookimpl\n\n@hookimpl\ndef advisor_regions():\n    return []\n",
     "declares no ADVISOR_HOOK_API; this host speaks version 2"),
    ("ADVISOR_HOOK_API = 1\n", "was written for hook API 1; this host speaks version 2"),
    ("from advisor.hooks import hookimpl\nADVISOR_HOOK_API = 2\n\n@hookimpl\n"
     "def advisor_gide():\n    return None\n", "implements a hook the host does not define"),
])
def test_an_installed_plugin_the_host_cannot_trust_is_refused_with_the_reason(
        tmp_path, monkeypatch, source, message):
    module = f"refused_plugin_{abs(hash(source))}"
    (tmp_path / f"{module}.py").write_text(source)
    install_entry_point(tmp_path, "refused", module)
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = PluginRegistry()
    registry.load_entry_points()
    info = {i.name: i for i in registry.plugins()}["refused"]
    assert not info.enabled and message in info.load_error
    assert "refused" not in registry.pm_names()
    assert message in registry.recent_errors("refused")[0].message


# --------------------------------------------------------------- office overrides, in the app


@pytest.fixture
def strategies(tmp_path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """The toy strategy installed as the plugin `toy`, and the office's overrides folder."""
    install_entry_point(tmp_path / "site", "toy", "tests.strategies.toy_strategy:plugin")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.syspath_prepend(str(ROOT))
    folder = tmp_path / "strategies"
    (folder / "toy" / "advice").mkdir(parents=True)
    return folder


@pytest.fixture
def advisor_config(strategies):  # type: ignore[no-untyped-def]
    return {"STRATEGIES_DIR": str(strategies)}


def toy_advice(request) -> str:  # type: ignore[no-untyped-def]
    """The toy strategy's advice for a student who chose it, from an app started now."""
    student = request.getfixturevalue("student_factory")(target_regions=["toy"],
                                                         citizenship="us_citizen",
                                                         visa_needed="none")
    result = request.getfixturevalue("advisor_assess")(student)
    assert not result.warnings
    return "\n".join(section.body for source, section in result.advice if source == "toy")


def test_overrides_are_read_from_the_instance_folder_unless_configured(app):
    assert get_registry(app).strategies_dir == Path(app.instance_path) / "strategies"


def test_an_office_override_replaces_the_shipped_template(strategies, request):
    (strategies / "toy" / "advice" / "self.md.j2").write_text("Edited: {{ a.name }}\n")
    assert toy_advice(request) == "Edited: Test Student"


@pytest.mark.parametrize("override, line, problem", [
    ("Fine.\n{% if a.name %}\n", 2, "Unexpected end of template"),
    ("Fine.\nHello {{ a.nickname }}\n", 2, "UndefinedError"),
    ('Fine.\n{% claim "has_usce" %}Your rotations speak for you.{% endclaim %}\n', 2,
     "claims has_usce"),
])
def test_a_broken_override_is_refused_and_shown_on_the_plugins_page(
        strategies, request, override, line, problem):
    path = strategies / "toy" / "advice" / "self.md.j2"
    path.write_text(override)
    # The shipped template is used instead.
    assert toy_advice(request) == "Your Step 2 CK is 225, under 230."
    page = request.getfixturevalue("sign_in")(Role.ADMIN).get("/admin/plugins")
    text = page.get_data(as_text=True)
    assert str(escape(f"override refused, shipped content used: {path}, line {line}")) in text
    assert str(escape(problem)) in text


# ----------------------------------------------------------------------- independence


def test_every_kit_module_loads_without_flask_the_database_or_scoring():
    code = textwrap.dedent("""
        import importlib, pkgutil, sys
        import advisor.hooks
        names = [m.name for m in pkgutil.iter_modules(advisor.hooks.__path__)]
        for name in names:
            importlib.import_module("advisor.hooks." + name)
        print(len(names))
        print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in
                              ("flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug"))))
        print(" ".join(sorted(m for m in sys.modules if m.startswith("advisor."))))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.splitlines()
    assert int(out[0]) >= 10, "the kit's modules were not found"
    assert out[1] == "", f"the kit imported {out[1]}"
    host = [m for m in out[2].split() if not m.startswith(("advisor.hooks", "advisor.enums"))]
    assert host == [], f"the kit imported the host's {host}"


def test_every_data_file_of_the_package_is_shipped():
    """The kit reads areas.toml and the scaffold copies its templates through
    importlib.resources: a file [tool.setuptools.package-data] leaves out works from a
    checkout and is missing from an installed wheel."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    shipped = {path for package, patterns in settings["package-data"].items()
               for pattern in patterns
               for path in ROOT.joinpath(*package.split(".")).glob(pattern) if path.is_file()}
    data = {path for path in (ROOT / "advisor").rglob("*") if path.is_file()
            and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}
    assert ROOT / "advisor" / "hooks" / "areas.toml" in data
    assert sorted(str(p.relative_to(ROOT)) for p in data - shipped) == []
