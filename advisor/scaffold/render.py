"""Writes a plugin package from the files in `templates/`."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from advisor import __version__
from advisor.scaffold.escaping import FILTERS, require_escaped
from advisor.scaffold.spec import PluginSpec, ScaffoldError

# Template -> path in the new project; {package} and {name} come from the spec.
FILES: dict[str, str] = {
    "pyproject.toml.j2": "pyproject.toml",
    "README.md.j2": "README.md",
    "package/__init__.py.j2": "{package}/__init__.py",
    "package/strategy.toml.j2": "{package}/strategy.toml",
    "package/guide.md.j2": "{package}/guide.md",
    "tests/test_contract.py.j2": "tests/test_contract.py",
}
# The advice templates are the strategy's own Jinja, copied as they are: they print the
# strategy's name from strategy.toml, so no value of the request is written into them.
ADVICE = "package/advice"

_env = Environment(
    loader=PackageLoader("advisor.scaffold", "templates"),
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    # A misspelt variable must fail the scaffold, not leave a blank in a generated file.
    undefined=StrictUndefined,
    # The templates render Python, TOML and Markdown, not HTML: each value is escaped for its
    # place by a filter (advisor.scaffold.escaping), and the finalizer refuses any that is not.
    autoescape=False,  # nosec B701
    finalize=require_escaped,
)
_env.filters.update(FILTERS)


def render_files(spec: PluginSpec, location: str | None = None) -> dict[str, str]:
    """Relative path -> file text, for every file of the new project; `location` is where the
    project will live, as the README's install command should name it."""
    context = {"spec": spec, "advisor_version": __version__,
               "location": location or spec.project}
    out = {path.format(package=spec.package, name=spec.name):
           _env.get_template(template).render(context)
           for template, path in FILES.items()}
    for template in sorted(files("advisor.scaffold").joinpath("templates", ADVICE).iterdir(),
                           key=lambda t: t.name):
        out[f"{spec.package}/advice/{template.name}"] = template.read_text(encoding="utf-8")
    return out


def write_plugin(spec: PluginSpec, directory: Path | str) -> Path:
    """Write the project into `directory`/advisor-NAME; refuse to touch an existing folder."""
    target = Path(directory) / spec.project
    if not target.as_posix().isprintable():
        raise ScaffoldError("the --directory must not hold line breaks or control characters",
                            "--directory")
    if target.exists():
        raise ScaffoldError(f"{target} already exists; remove it or choose another name or "
                            "--directory", "--directory")
    written = render_files(spec, target.as_posix())
    for relative, text in written.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target
