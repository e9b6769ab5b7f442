"""`flask --app advisor plugins new`: the package it writes is content (strategy.toml, a guide,
advice templates) with one line of Python; installed, it is listed, speaks in assessments, the
assess CLI and the web UI, and passes its own contract tests."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from importlib.metadata import distribution
from pathlib import Path

import pytest
from markupsafe import escape

from advisor.scaffold.spec import counties_of

pytest_plugins = ["pytester"]

NAME = "texoma"
TITLE = "Texas and Oklahoma"
# Oklahoma whole, and two Texas counties: both ways of drawing a region at once.
COMMAND = ["plugins", "new", NAME, "--states", "ok", "--counties",
           "Harris County,TX;dallas county,tx", "--title", TITLE]
INSIDE = [("TX", "77002"), ("TX", "75201"), ("OK", "73102"), ("OK", "74103")]
OUTSIDE = [("TX", "78701"), ("CA", "90033")]  # Austin (Travis County), Los Angeles
THEMES = {"self_assessment", "letters", "clinical_experience", "list_building", "backup_plans"}


def install(project: Path, site: Path) -> None:
    """Install `project` for this process only, in well under a second.

    Writes the package's metadata (with its entry points) into `site` using the virtualenv's
    own setuptools, as an editable install does. A wheel build would need the `wheel`
    package, absent from a fresh virtualenv, or an isolated build fetching setuptools.
    """
    site.mkdir()
    subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "-q",
                    "egg_info", "--egg-base", str(site)],
                   cwd=project, check=True, capture_output=True)


def scaffold(runner, command, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Run the command into tmp_path and install what it wrote; the project's folder."""
    result = runner.invoke(args=[*command, "--directory", str(tmp_path / "plugins")])
    assert result.exit_code == 0, result.output
    (project,) = (tmp_path / "plugins").iterdir()
    assert f"pip install -e {project}" in result.output
    install(project, tmp_path / "site")
    monkeypatch.syspath_prepend(str(project))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    return project


@pytest.fixture
def project(runner, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The scaffolded package, installed (on sys.path with its entry point) for this test."""
    yield scaffold(runner, COMMAND, tmp_path, monkeypatch)
    for module in [m for m in sys.modules if m.startswith(f"advisor_{NAME}")]:
        del sys.modules[module]


@pytest.fixture
def advisor_config(project):  # type: ignore[no-untyped-def]
    # Depending on `project` makes advisor_app start only once the plugin is installed.
    return {}


def test_the_package_declares_its_entry_point_and_ships_its_content(project):
    dist = distribution(f"advisor-{NAME}")
    assert [(ep.name, ep.value) for ep in dist.entry_points] == [(NAME, f"advisor_{NAME}:plugin")]
    shipped = {str(path) for path in dist.files}
    assert {f"advisor_{NAME}/strategy.toml", f"advisor_{NAME}/guide.md",
            f"advisor_{NAME}/advice/letters.md.j2"} <= shipped


def test_the_package_is_content_with_one_line_of_python_and_no_host_imports(project):
    package = project / f"advisor_{NAME}"
    assert [p.name for p in package.rglob("*.py")] == ["__init__.py"]
    tree = ast.parse((package / "__init__.py").read_text())
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert [ast.unparse(node) for node in imports] == [
        "from advisor.hooks.strategy_plugin import StrategyPlugin"]
    code = [ast.unparse(node) for node in tree.body
            if not isinstance(node, (ast.Import, ast.ImportFrom, ast.Expr))]
    assert code == ["plugin = StrategyPlugin(__name__)"]
    # The region is written out: Oklahoma county by county, and the two Texas counties.
    region = tomllib.loads((package / "strategy.toml").read_text())["region"]
    assert region["states"] == ["OK", "TX"]
    assert set(region["counties"]) == ({f"{county}, OK" for county in counties_of("OK")}
                                       | {"Harris County, TX", "Dallas County, TX"})
    assert {p.name for p in (package / "advice").iterdir()} == {f"{t}.md.j2" for t in THEMES}


def test_an_installed_scaffold_is_listed_assessed_and_shown(
        advisor_app, program_factory, student_factory, advisor_assess, advisor_client, tmp_path):
    listing = advisor_app.test_cli_runner().invoke(args=["plugins", "list"]).output
    assert f"{NAME}  0.1.0  [enabled]\n    regions: {NAME}\n" in listing

    inside = [program_factory(state=state, zip=zip_code) for state, zip_code in INSIDE]
    outside = [program_factory(state=state, zip=zip_code) for state, zip_code in OUTSIDE]
    student = student_factory(
        target_regions=[NAME],
        clinical_experience=[{"kind": "elective", "months": 3, "state": "TX", "zip": "77002"}],
        us_letters=[{"state": "OK", "zip": "73102"}],
    )
    result = advisor_assess(student)
    assert not result.warnings
    assert result.strategies == [NAME]
    regions = {s.program.acgme_id: s.program.regions for s in result.programs}
    assert all(NAME in regions[p.acgme_id] for p in inside)
    assert all(NAME not in regions[p.acgme_id] for p in outside)
    advice = {section.theme: section for source, section in result.advice if source == NAME}
    assert set(advice) == THEMES
    # The variants chosen from the profile: local experience and a local letter, a visa.
    assert f"3 months of US clinical\nexperience in {TITLE}" in advice["clinical_experience"].body
    assert f"1 US letter from\n{TITLE}" in advice["letters"].body
    assert "J-1 sponsorship" in advice["self_assessment"].body
    assert any(cap.label == TITLE for cap in result.plan.caps)

    # The assess CLI, with the same student as a profile file.
    profile = tmp_path / "student.json"
    profile.write_text(json.dumps({
        "name": "A. Student", "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass"}, "step2ck": {"score": 224}, "step3": {},
        "graduation_year": 2024, "specialty": "internal_medicine", "target_regions": [NAME],
    }))
    printed = advisor_app.test_cli_runner().invoke(args=["assess", str(profile)])
    assert printed.exit_code == 0, printed.output
    output = json.loads(printed.output)
    assert output["strategies"] == [NAME]
    assert {a["source"] for a in output["advice"]} >= {NAME}

    # The web UI: the student's advice page and the strategy guides.
    page = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert str(escape(f"Where you stand for {TITLE}")) in page
    guides = advisor_client.get("/guides/").get_data(as_text=True)
    assert str(escape(f"Applying in {TITLE}")) in guides
    guide = advisor_client.get(f"/guides/{NAME}")
    assert guide.status_code == 200
    assert "Local experience counts" in guide.get_data(as_text=True)


@pytest.mark.parametrize("command", [
    COMMAND,
    ["plugins", "new", "lone_star", "--states", "TX"],
], ids=["states and counties", "one state"])
def test_the_scaffolds_own_contract_tests_pass(runner, tmp_path, monkeypatch, pytester,
                                               command):
    project = scaffold(runner, command, tmp_path, monkeypatch)
    try:
        # Outside the repository, so its pytest settings (which leave pytest-alembic out)
        # are not read; pytest-alembic would otherwise try to collect migration tests.
        result = pytester.runpytest(str(project / "tests"), "-p", "no:cacheprovider",
                                    "-p", "no:pytest_alembic")
        result.assert_outcomes(passed=12)
    finally:
        for module in [m for m in sys.modules if m.startswith(f"advisor_{command[2]}")]:
            del sys.modules[module]


# ------------------------------------------------------------------------ refusals


@pytest.mark.parametrize("args, message", [
    (["Texas", "--states", "TX"], "is not a plugin name"),
    (["socal", "--states", "CA"], '"socal" is already the name of an installed plugin'),
    (["texas"], "give the region's --states, its --counties, or both"),
    (["texas", "--states", "TX,XX"], '"XX" is not a US state code'),
    (["houston", "--counties", "Haris County,TX"],
     '"Haris County,TX" is not a county in the ZIP database; did you mean "Harris County,TX"'),
    (["houston", "--counties", "Harris County"], 'not in the form "County Name,ST"'),
    (["texas", "--states", "TX", "--counties", "Harris County,TX"],
     "which --states already covers whole"),
])
def test_a_bad_request_is_refused_with_a_clear_message_and_writes_nothing(
        runner, tmp_path, args, message):
    result = runner.invoke(args=["plugins", "new", *args, "--directory", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


def test_an_existing_folder_is_never_overwritten(runner, tmp_path):
    existing = tmp_path / "advisor-texas"
    existing.mkdir()
    (existing / "notes.txt").write_text("keep me")
    result = runner.invoke(args=["plugins", "new", "texas", "--states", "TX",
                                 "--directory", str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert [p.name for p in existing.iterdir()] == ["notes.txt"]


# ------------------------------------------------------------------- hostile values


def test_a_title_that_is_not_plain_text_is_refused(runner, tmp_path):
    title = 'X""" + __import__("os").system("id") + """'
    result = runner.invoke(args=["plugins", "new", "evil", "--states", "TX", "--title", title,
                                 "--directory", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--title" in result.output and "letters, digits, spaces" in result.output
    assert not (tmp_path / "out").exists()


def _hostile(marker: Path) -> str:
    """Text that breaks out of a Python docstring or string, a TOML string, Markdown or a
    shell line, and would then create `marker`."""
    run = f'__import__("pathlib").Path({str(marker)!r}).touch()'
    return (f'X""" + {run} + """ \'\'\' + {run} + \'\'\' " + {run} + " \\" \\\\'
            f'\n{run}\n# [link](javascript:alert(1)) <b>bold</b> &amp; `tick` $(id) {{}}'
            f'\n[tool.evil]\nx = "y"')


def test_every_value_is_escaped_so_hostile_text_stays_data(tmp_path, monkeypatch):
    """Values the checks would refuse, rendered anyway: importing the generated Python runs
    none of them, the TOML reads each back unchanged, the strategy's own templates never
    hold one, and its content loads and renders with each shown as text. Written against
    whatever files the scaffold makes, so it still holds when the templates change."""
    import html
    import importlib
    import importlib.util
    import shlex
    from dataclasses import replace

    from advisor.hooks.samples import sample_applicants, sample_plans
    from advisor.hooks.strategy import load_strategy
    from advisor.hooks.strategy_plugin import StrategyPlugin
    from advisor.scaffold import build_spec, render_files
    from advisor.scaffold.render import ADVICE
    from advisor.web.markdown import render_markdown

    marker = tmp_path / "injected"
    hostile = _hostile(marker)
    spec = build_spec("hostile", states="TX", counties="Kings County,NY")
    spec = replace(spec, title=hostile, counties=((hostile, "NY"),), states=(),
                   region_states=("NY",), region_counties=((hostile, "NY"),))
    project = tmp_path / "project"
    location = str(tmp_path / "it's $(id) `id`")
    for relative, text in render_files(spec, location).items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(project))
    package = project / "advisor_hostile"

    try:
        for path in sorted(project.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))  # valid Python
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                        and "__import__" in node.value:
                    assert hostile in node.value, (
                        f"{path.name}: a hostile value was cut apart: {node.value!r}")
            if path.name == "__init__.py":
                assert hostile in importlib.import_module("advisor_hostile").__doc__
                continue
            module_spec = importlib.util.spec_from_file_location(path.stem, path)
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        assert not marker.exists(), "importing the generated package ran the hostile text"

        # The strategy's templates are the scaffold's own files, unchanged: no value in them.
        shipped = Path(__file__).resolve().parent.parent / "advisor" / "scaffold" / "templates"
        for template in (package / "advice").iterdir():
            assert template.read_text() == (shipped / ADVICE / template.name).read_text()
        strategy = tomllib.loads((package / "strategy.toml").read_text(encoding="utf-8"))
        assert "tool" not in strategy
        templated = [*(n["text"] for n in strategy["plan"]["notes"]),
                     *(r["text"] for r in strategy["remedies"]), strategy["assessment"]["summary"]]
        assert not [text for text in templated if "__import__" in text]
        # It loads (no key was injected) with every value as data, and renders it as text.
        content = load_strategy(package)
        assert content.name == content.region.name == hostile
        assert content.region.counties == frozenset({(hostile, "NY")})
        plugin = StrategyPlugin("advisor_hostile")
        advice = plugin.advisor_advice(sample_applicants()[0], sample_plans()[0])
        assert any(section.title == f"Where you stand for {hostile}" for section in advice)
        assert any(hostile in section.body for section in advice)
        assert not marker.exists(), "rendering the strategy ran the hostile text"
    finally:
        for name in [m for m in sys.modules if m.startswith("advisor_hostile")]:
            del sys.modules[name]

    for path in project.rglob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert "tool" not in data or "evil" not in data["tool"]
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["description"] == f"Match Advisor strategy for {hostile}"
    for path in project.rglob("*.md"):
        rendered = str(render_markdown(path.read_text(encoding="utf-8")))
        assert "<b>" not in rendered and "<a " not in rendered, path.name
        assert "<code>tick" not in rendered, path.name
    guide = str(render_markdown((package / "guide.md").read_text()))
    heading = guide.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert html.unescape(heading) == "Applying in " + hostile.replace("\n", " ")
    # The README's install line names the location as one shell word.
    install_line = next(line for line in (project / "README.md").read_text().splitlines()
                        if "pip install -e" in line)
    assert shlex.split(install_line)[-1] == location


def test_a_template_that_prints_a_value_without_escaping_it_fails_to_render():
    from advisor.scaffold import build_spec
    from advisor.scaffold.escaping import UnescapedValue
    from advisor.scaffold.render import _env

    spec = build_spec("texas", states="TX")
    with pytest.raises(UnescapedValue, match="without escaping it"):
        _env.from_string('TITLE = "{{ spec.title }}"').render(spec=spec)
    assert _env.from_string("TITLE = {{ spec.title | q }}").render(spec=spec) == 'TITLE = "Texas"'
