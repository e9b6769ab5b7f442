"""`flask --app advisor plugins new`: the package it writes installs, appears in `plugins
list`, speaks in assessments, the assess CLI and the web UI, and passes its own tests."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

import pytest
from markupsafe import escape

from advisor.hooks.types import ADVICE_THEMES

pytest_plugins = ["pytester"]

NAME = "texoma"
TITLE = "Texas and Oklahoma"
# Oklahoma whole, and two Texas counties: both ways of drawing a region at once.
COMMAND = ["plugins", "new", NAME, "--states", "ok", "--counties",
           "Harris County,TX;dallas county,tx", "--title", TITLE]
INSIDE = [("TX", "77002"), ("TX", "75201"), ("OK", "73102"), ("OK", "74103")]
OUTSIDE = [("TX", "78701"), ("CA", "90033")]  # Austin (Travis County), Los Angeles


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


@pytest.fixture
def project(runner, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The scaffolded package, installed (on sys.path with its entry point) for this test."""
    result = runner.invoke(args=[*COMMAND, "--directory", str(tmp_path / "plugins")])
    assert result.exit_code == 0, result.output
    project = tmp_path / "plugins" / f"advisor-{NAME}"
    assert f"pip install -e {project}" in result.output
    install(project, tmp_path / "site")
    monkeypatch.syspath_prepend(str(project))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    yield project
    for module in [m for m in sys.modules if m.startswith(f"advisor_{NAME}")]:
        del sys.modules[module]


@pytest.fixture
def advisor_config(project):  # type: ignore[no-untyped-def]
    # Depending on `project` makes advisor_app start only once the plugin is installed.
    return {}


def test_the_package_declares_its_entry_point_and_ships_its_guide(project):
    dist = distribution(f"advisor-{NAME}")
    assert [(ep.name, ep.value) for ep in dist.entry_points] == [(NAME, f"advisor_{NAME}.plugin")]
    assert f"advisor_{NAME}/guide.md" in {str(path) for path in dist.files}


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
    scored = {s.program.acgme_id: s for s in result.programs}
    for program in inside:
        reasons = [r for r in scored[program.acgme_id].reasons if r.source == NAME]
        assert NAME in scored[program.acgme_id].program.regions
        assert any(f"1 US letter from {TITLE}" == r.text for r in reasons), program.zip
    for program in outside:
        assert NAME not in scored[program.acgme_id].program.regions
        assert all(r.source != NAME for r in scored[program.acgme_id].reasons)
    advice = [section for source, section in result.advice if source == NAME]
    assert {section.theme for section in advice} >= set(ADVICE_THEMES)
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


def test_the_scaffolds_own_tests_pass(project, pytester):
    # Outside the repository, so its pytest settings (which leave pytest-alembic out) are
    # not read; pytest-alembic would otherwise try to collect migration tests.
    result = pytester.runpytest(str(project / "tests"), "-p", "no:cacheprovider",
                                "-p", "no:pytest_alembic")
    result.assert_outcomes(passed=10)


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
    """Values the checks would refuse, rendered anyway: importing every generated module runs
    none of them, and each comes back unchanged as data. Written against whatever files the
    scaffold makes, so it still holds when the templates change."""
    import ast
    import shlex
    import html
    import importlib.util
    import tomllib
    from dataclasses import replace

    from advisor.scaffold import build_spec, render_files
    from advisor.scaffold.spec import SamplePlace
    from advisor.web.markdown import render_markdown

    marker = tmp_path / "injected"
    hostile = _hostile(marker)
    spec = build_spec("hostile", states="TX", counties="Kings County,NY")
    spec = replace(spec, title=hostile, counties=((hostile, "NY"),),
                   inside=(SamplePlace("TX", hostile, "77002", hostile), *spec.inside[1:]),
                   outside=SamplePlace("NY", hostile, "10032", hostile))
    project = tmp_path / "project"
    location = str(tmp_path / "it's $(id) `id`")
    for relative, text in render_files(spec, location).items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(project))

    modules = {}
    try:
        for path in sorted(project.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))  # valid Python
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                        and "__import__" in node.value:
                    assert hostile in node.value or hostile.split()[0] not in node.value, (
                        f"{path.name}: a hostile value was cut apart: {node.value!r}")
            name = ".".join(path.relative_to(project).with_suffix("").parts)
            if path.parent == project / "tests":
                module_spec = importlib.util.spec_from_file_location(name, path)
                module = importlib.util.module_from_spec(module_spec)
                module_spec.loader.exec_module(module)
            else:
                module = importlib.import_module(name.removesuffix(".__init__"))
            modules[name] = module
        assert not marker.exists(), "importing the generated package ran the hostile text"
        region = modules["advisor_hostile.region"]
        assert region.REGION.name == hostile
        assert (hostile, "NY") in region.COUNTIES
        assert hostile in modules["advisor_hostile.__init__"].__doc__
    finally:
        for name in [m for m in sys.modules if m.startswith("advisor_hostile")]:
            del sys.modules[name]

    for path in project.rglob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["project"]["description"] == f"Match Advisor strategy for {hostile}"
        assert "tool" not in data or "evil" not in data["tool"]
    for path in project.rglob("*.md"):
        rendered = str(render_markdown(path.read_text(encoding="utf-8")))
        assert "<b>" not in rendered and "<a " not in rendered, path.name
        assert "<code>tick" not in rendered, path.name
    guide = str(render_markdown((project / "advisor_hostile" / "guide.md").read_text()))
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
