"""docs/plugins.md stays true to the code.

Every hook is documented with its real signature; the data types, constants and the kit's
functions and classes are documented as the code defines them; the strategy file's keys, the
facts, the areas, the template context, the rules functions and the contract suite's checks
are the code's; and every code example is identical to the tested file (or the scaffold's
output) it was copied from.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

import advisor.hooks
from advisor import plugin_contract
from advisor.hooks import adjustments, areas, facts, places, specs, strategy, strategy_plugin
from advisor.hooks import text as wording
from advisor.hooks import types
from advisor.hooks.samples import sample_applicants
from advisor.hooks.templating import make_environment

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "plugins.md"
HELLO = ROOT / "examples" / "advisor-hello"

FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!-- example: (\S+) -->")
COMMAND_MARKER = "<!-- scaffold-command -->"
# `<!-- keys: plan.caps -->`, `<!-- facts -->` and the like, before a table the code defines.
TABLE_MARKER = re.compile(r"^<!-- ([\w-]+)(?::\s*([\w.]*))? -->\n((?:\|.*\n)+)", re.MULTILINE)
# The kit's modules whose public functions the docs must show, and its documented classes.
KIT_MODULES: tuple[ModuleType, ...] = (areas, places, wording, adjustments, facts, strategy)
KIT_CLASSES: dict[str, ModuleType] = {"Area": areas, "RegionalRecord": places,
                                      "StrategyPlugin": strategy_plugin,
                                      "StrategyContract": plugin_contract}
# A marked example names a repository file, or `scaffold:PATH` inside the package that the
# documented scaffold command generates; `#name` picks one top-level definition from it.
SCAFFOLD_PREFIX = "scaffold:"


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    line: int
    marker: str | None = None
    command: bool = False


def doc_blocks() -> list[Block]:
    text = DOCS.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[:match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        marker = MARKER.fullmatch(before)
        found.append(Block(match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1,
                           marker.group(1) if marker else None, before == COMMAND_MARKER))
    return found


# ------------------------------------------------------------------ signatures and types


class _Source(str):
    """An annotation kept as the source text it was written as, printed without quotes."""

    def __repr__(self) -> str:
        return str(self)


def code_signature(function) -> str:  # type: ignore[no-untyped-def]
    """`def name(...) -> ...: ...` from the live function, rendered like the docs' stubs."""
    signature = inspect.signature(function)

    def source(annotation):  # type: ignore[no-untyped-def]
        if annotation is inspect.Parameter.empty:
            return annotation
        return _Source(annotation if isinstance(annotation, str)
                       else inspect.formatannotation(annotation))

    parameters = [p.replace(annotation=source(p.annotation))
                  for p in signature.parameters.values()]
    signature = signature.replace(parameters=parameters,
                                  return_annotation=source(signature.return_annotation))
    return rendered(ast.parse(f"def {function.__name__}{signature}: ...").body[0])


def rendered(node: ast.FunctionDef) -> str:
    """One spelling for a signature, whatever its spacing, quotes or line breaks."""
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"{node.name}({ast.unparse(node.args)}){returns}"


def is_stub(node: ast.AST) -> bool:
    """A documented signature: an undecorated function whose body is only `...`."""
    return (isinstance(node, ast.FunctionDef) and not node.decorator_list
            and len(node.body) == 1 and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant) and node.body[0].value.value is ...)


@dataclass
class Documented:
    stubs: dict[str, list[ast.FunctionDef]]
    classes: dict[str, ast.ClassDef]
    constants: dict[str, ast.expr]


def documented() -> Documented:
    """The signatures, classes and constants in the docs' unmarked ```python blocks."""
    found = Documented({}, {}, {})
    for block in doc_blocks():
        if block.lang != "python" or block.marker:
            continue
        try:
            tree = ast.parse(block.body)
        except SyntaxError as exc:
            pytest.fail(f"docs line {block.line}: a python block that does not parse: {exc}")
        for node in tree.body:
            if is_stub(node):
                found.stubs.setdefault(node.name, []).append(node)
            elif isinstance(node, ast.ClassDef):
                assert node.name not in found.classes, f"{node.name} is documented twice"
                found.classes[node.name] = node
            elif constant := module_constant(node):
                found.constants[constant[0]] = constant[1]
    return found


def module_constant(node: ast.AST) -> tuple[str, ast.expr] | None:
    """(name, value) for `NAME = value` or `NAME: type = value`."""
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id, node.value
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        return node.target.id, node.value
    return None


def hookspecs() -> dict[str, object]:
    return {name: f for name, f in inspect.getmembers(specs, inspect.isfunction)
            if hasattr(f, "advisor_spec")}


def kit_functions() -> dict[str, object]:
    """Every public function of the kit's modules, by name (names are unique across them)."""
    found: dict[str, object] = {}
    for module in KIT_MODULES:
        for name, f in inspect.getmembers(module, inspect.isfunction):
            if f.__module__ == module.__name__ and not name.startswith("_"):
                assert name not in found, f"{name} is defined in two kit modules"
                found[name] = f
    return found


def types_source() -> ast.Module:
    return ast.parse(inspect.getsource(types))


def class_sources() -> dict[str, ast.ClassDef]:
    """The documented classes as the code defines them: the data types and the kit's."""
    found = {node.name: node for node in types_source().body if isinstance(node, ast.ClassDef)}
    for name, module in KIT_CLASSES.items():
        (node,) = [n for n in ast.parse(inspect.getsource(module)).body
                   if isinstance(n, ast.ClassDef) and n.name == name]
        found[name] = node
    return found


def doc_tables() -> dict[tuple[str, str], list[list[str]]]:
    """(marker, argument) -> the rows of the table after `<!-- marker: argument -->`, each a
    list of its cells with the first cell's backticks removed."""
    text = DOCS.read_text(encoding="utf-8")
    tables = {}
    for match in TABLE_MARKER.finditer(text):
        rows = [[cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
                for line in match.group(3).splitlines()[2:]]
        key = (match.group(1), match.group(2) or "")
        assert key not in tables, f"two tables are marked {key}"
        tables[key] = [[row[0].strip("`"), *row[1:]] for row in rows]
    return tables


def fields(node: ast.ClassDef) -> list[tuple[str, str, str | None]]:
    """The public fields (a leading underscore marks one plugins must not use, e.g. a cache)."""
    return [(ast.unparse(s.target), ast.unparse(s.annotation), s.value and ast.unparse(s.value))
            for s in node.body if isinstance(s, ast.AnnAssign)
            and not ast.unparse(s.target).startswith("_")]


def test_every_hook_is_documented_with_its_exact_signature():
    docs = documented().stubs
    for name, function in hookspecs().items():
        assert name in docs, f"the hook {name} is missing from docs/plugins.md"
        assert len(docs[name]) == 1, f"{name} has {len(docs[name])} documented signatures"
        assert rendered(docs[name][0]) == code_signature(function), name
    for name in docs:
        assert name in hookspecs() or name in kit_functions(), (
            f"docs/plugins.md documents {name}, which is neither a hook nor a kit function")


def test_every_hook_has_a_reference_entry_and_a_tested_example():
    text = DOCS.read_text(encoding="utf-8")
    examples = " ".join(block.body for block in doc_blocks() if block.marker)
    for name in hookspecs():
        entry = re.search(rf"^### {name}\n(.*?)(?=^##)", text, re.MULTILINE | re.DOTALL)
        assert entry, f"no '### {name}' section in the hook reference"
        for part in ("**When:**", "**Receives:**", "**Returns:**"):
            assert part in entry.group(1), f"{name}: no {part}"
        assert f"def {name}(" in examples, f"{name} has no example taken from tested code"


def test_every_kit_function_is_documented_with_its_exact_signature():
    docs = documented().stubs
    assert len(kit_functions()) >= 10, "the kit's functions were not found"
    for name, function in kit_functions().items():
        assert name in docs, f"the kit function {name} is missing from docs/plugins.md"
        assert len(docs[name]) == 1, f"{name} has {len(docs[name])} documented signatures"
        assert rendered(docs[name][0]) == code_signature(function), name


def test_every_data_type_and_kit_class_is_documented_as_the_code_defines_it():
    docs = documented().classes
    source = class_sources()
    assert set(docs) == set(source), ("documented classes differ from advisor.hooks.types "
                                      f"and the kit's {', '.join(KIT_CLASSES)}")
    for name, node in source.items():
        doc = docs[name]
        assert [ast.unparse(b) for b in doc.bases] == [ast.unparse(b) for b in node.bases], name
        assert fields(doc) == fields(node), f"{name}: documented fields differ from the code"
        methods = {m.name: m for m in node.body if isinstance(m, ast.FunctionDef)}
        for method in (m for m in doc.body if isinstance(m, ast.FunctionDef)):
            assert method.name in methods, f"{name}.{method.name} does not exist"
            assert rendered(method) == rendered(methods[method.name]), f"{name}.{method.name}"
            assert ([ast.unparse(d) for d in method.decorator_list]
                    == [ast.unparse(d) for d in methods[method.name].decorator_list])


def test_the_constants_plugins_use_are_documented_with_their_values():
    docs = documented().constants
    source = dict(filter(None, map(module_constant, types_source().body)))
    source.update(filter(None, map(module_constant, ast.parse(
        inspect.getsource(advisor.hooks)).body)))
    for name in ("ALL_PROGRAMS", "ADVICE_THEMES", "HOOK_API_VERSION"):
        assert name in docs, f"{name} is missing from docs/plugins.md"
        assert ast.unparse(docs[name]) == ast.unparse(source[name]), name


# ---------------------------------------------------------------------------- examples


def defined(text: str, name: str) -> str:
    """The source of one top-level definition (decorators included) in `text`, or of one
    method, `Class.method`, dedented."""
    lines = text.splitlines()
    owner, _, member = name.partition(".")
    for node in ast.parse(text).body:
        if getattr(node, "name", None) == owner:
            if member:
                found = [n for n in getattr(node, "body", []) if getattr(n, "name", None) == member]
                assert found, f"{owner} has no {member!r}"
                node = found[0]
            start = min([d.lineno for d in getattr(node, "decorator_list", [])] + [node.lineno])
            return textwrap.dedent("\n".join(lines[start - 1:node.end_lineno]) + "\n")
    raise AssertionError(f"no top-level {owner!r}")


@pytest.fixture
def scaffolded(runner, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """The package the docs' scaffold command generates, generated into tmp_path."""
    (command,) = [block for block in doc_blocks() if block.command]
    words = shlex.split(command.body)
    assert words[words.index("plugins") + 1] == "new" and "--directory" not in words
    out = tmp_path / "scaffolded"
    result = runner.invoke(args=[*words[words.index("plugins"):], "--directory", str(out)])
    assert result.exit_code == 0, result.output
    (project,) = out.iterdir()
    return project


def test_every_example_is_identical_to_its_tested_source(scaffolded):
    text = DOCS.read_text(encoding="utf-8")
    blocks = [block for block in doc_blocks() if block.marker]
    assert len(blocks) == len(MARKER.findall(text)), "an example marker without a code block"
    assert blocks, "no marked examples"
    for block in blocks:
        path, _, name = block.marker.partition("#")
        if path.startswith(SCAFFOLD_PREFIX):
            source = scaffolded / path[len(SCAFFOLD_PREFIX):]
        else:
            source = ROOT / path
        assert source.is_file(), f"docs line {block.line}: {path} does not exist"
        expected = source.read_text(encoding="utf-8")
        if name:
            expected = defined(expected, name)
        diff = "".join(difflib.unified_diff(expected.splitlines(True), block.body.splitlines(True),
                                            str(source), "docs/plugins.md"))
        assert block.body == expected, f"docs line {block.line} differs from {path}:\n{diff}"


def test_the_smallest_plugin_is_under_30_lines_and_changes_only_advice():
    source = (HELLO / "advisor_hello" / "plugin.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 30
    hooks = [node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    assert hooks == ["advisor_advice"]


def test_the_smallest_plugins_own_tests_pass(pytester, monkeypatch):
    monkeypatch.syspath_prepend(str(HELLO))
    result = pytester.runpytest(str(HELLO / "tests"), "-p", "no:cacheprovider")
    # Its two tests and the contract, whose region, in-app and content checks do not apply to
    # it: it has no region.
    result.assert_outcomes(passed=9, skipped=5)


# ------------------------------------------------------------------- the content format


def test_every_strategy_file_key_is_documented_in_its_table():
    tables = doc_tables()
    for where, keys in strategy.KEYS.items():
        assert ("keys", where) in tables, f"no table marked <!-- keys: {where} -->"
        documented_keys = [row[0] for row in tables["keys", where]]
        assert sorted(documented_keys) == sorted(keys), f"[{where or 'top level'}]"
    marked = {where for marker, where in tables if marker == "keys"}
    assert marked == set(strategy.KEYS), "a keys table for a table the format does not have"


def test_every_fact_is_documented_with_its_meaning():
    rows = doc_tables()["facts", ""]
    assert {row[0]: row[1] for row in rows} == facts.FACTS
    assert len(rows) == len(facts.FACTS)


def test_every_area_is_documented_with_its_name():
    rows = doc_tables()["areas", ""]
    assert {row[0]: row[1] for row in rows} == {
        slug: found.name for slug, found in areas.directory().items()}


def test_the_template_context_and_filters_are_the_ones_templates_get():
    plugin = strategy_plugin.StrategyPlugin("tests.strategies.toy_strategy")
    context = plugin.context(plugin.content, sample_applicants()[0])
    documented_names = {row[0] for row in doc_tables()["template-context", ""]}
    # `tier` is added for the assessment summary (StrategyPlugin._assessment).
    assert documented_names == set(context) | {"tier"}
    filters = {row[0] for row in doc_tables()["template-filters", ""]}
    kit = {name for name, f in make_environment().filters.items()
           if getattr(f, "__module__", "") == wording.__name__}
    assert kit and filters == kit


def test_the_rules_functions_are_the_ones_the_plugin_calls():
    called = set(re.findall(r'getattr\(self\.rules, "(\w+)"',
                            inspect.getsource(strategy_plugin)))
    assert called, "StrategyPlugin no longer reads rules the way this test expects"
    assert {row[0] for row in doc_tables()["rules-functions", ""]} == called


def test_every_check_of_the_contract_suite_is_documented():
    checks = {name for name in dir(plugin_contract.StrategyContract) if name.startswith("test_")}
    assert {row[0] for row in doc_tables()["contract-checks", ""]} == checks
