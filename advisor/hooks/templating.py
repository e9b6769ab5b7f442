"""Sandboxed Jinja for strategy content: advice templates and the expressions in strategy.toml.

Templates run in Jinja's immutable sandbox with StrictUndefined, so a misspelt variable is an
error, not an empty string, and an office's template cannot reach Python internals. Two
additions:

- `{% claim "fact", ... %}...{% endclaim %}` marks text that asserts profile facts (names
  from `advisor.hooks.facts.FACTS`). When a fact does not hold the text is dropped and the
  claim is recorded as broken, which the contract suite turns into a failure.
- Filters and globals for wording: `join`, `plural`, `visa_label`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import MappingProxyType
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from advisor.hooks.facts import FACTS
from advisor.hooks.text import join, plural, visa_label

CLAIMS_KEY = "_claims"


@dataclass(frozen=True, slots=True)
class Claim:
    facts: tuple[str, ...]
    held: bool
    file: str
    line: int


@dataclass(slots=True)
class ClaimLog:
    """The claims renders reached, in order."""

    reached: list[Claim] = field(default_factory=list)

    @property
    def broken(self) -> list[Claim]:
        return [claim for claim in self.reached if not claim.held]

    @property
    def made(self) -> set[str]:
        """The facts stated by claims that held."""
        return {name for claim in self.reached if claim.held for name in claim.facts}

    def made_in(self, file_name: str) -> set[str]:
        """The facts stated by claims that held in one template, named by its file name."""
        return {name for claim in self.reached if claim.held
                and Path(claim.file).name == file_name for name in claim.facts}


class ClaimExtension(Extension):
    tags = {"claim"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        names = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            names.append(parser.parse_expression())
        for name in names:
            if not isinstance(name, nodes.Const) or name.value not in FACTS:
                shown = name.value if isinstance(name, nodes.Const) else "an expression"
                parser.fail(f"claim names an unknown fact: {shown!r}; known facts are listed "
                            "in advisor.hooks.facts.FACTS", lineno)
        body = parser.parse_statements(("name:endclaim",), drop_needle=True)
        held = self.call_method("_claim", [nodes.List(names), nodes.ContextReference(),
                                           nodes.Const(lineno)])
        # An `if` around a scope of its own (what is set inside stays inside, as in a macro),
        # not a call block: a call block makes a macro each time it is reached.
        return nodes.If(held, [nodes.Scope(body)], [], []).set_lineno(lineno)

    @staticmethod
    def _claim(names: list[str], context: Any, line: int) -> bool:
        """Whether the facts hold; the claim is recorded either way."""
        facts = context.get("facts") or {}
        held = all(facts.get(name) is True for name in names)
        log = context.get(CLAIMS_KEY)
        if isinstance(log, ClaimLog):
            log.reached.append(Claim(tuple(names), held, str(context.get("__file__", "")),
                                     line))
        return held


class StrategySandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, the same rules, with two shortcuts: every assessment renders
    some eighty strategy texts that read the same few hundred attributes.

    - The sandbox's verdict on an attribute depends only on the object's type and the
      attribute's name, so it is kept per (type, name), and an attribute judged safe is read
      straight away the next time.
    - `facts.x` on a dict (or a read-only one) is its item `x`, as Jinja would find it after
      failing to find an attribute `x`; names of the dict's own attributes (`items`...) take
      Jinja's usual path.
    """

    _MAPPINGS = (dict, MappingProxyType)
    _MAPPING_ATTRIBUTES = frozenset(dir(dict)) | frozenset(dir(MappingProxyType))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._verdicts.get(key)
        if safe is None:
            safe = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        # Our own helpers (the claim check, the wording globals) are safe and take no context
        # from Jinja: called directly, without the sandbox's checks and Jinja's dispatch.
        if __obj in _OWN_CALLABLES:
            return __obj(*args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind in self._MAPPINGS and attribute not in self._MAPPING_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        elif self._verdicts.get((kind, attribute)):
            # Judged safe before: read it as the sandbox would, without judging it again.
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)


_OWN_CALLABLES = frozenset({ClaimExtension._claim, join, plural, visa_label})


def make_environment() -> ImmutableSandboxedEnvironment:
    env = StrategySandbox(
        undefined=StrictUndefined, extensions=[ClaimExtension], autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
    )
    env.filters.update(join=join, plural=plural, visa_label=visa_label)
    env.globals.update(join=join, plural=plural, visa_label=visa_label)
    return env


class ContentError(ValueError):
    """Strategy content that cannot be used, with the file and line to fix."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {problem}")


def compile_template(env: ImmutableSandboxedEnvironment, source: str, path: Path) -> Any:
    try:
        return env.from_string(source, globals={"__file__": str(path)})
    except TemplateSyntaxError as exc:
        raise ContentError(path, exc.lineno, exc.message or "template syntax error") from None


class Condition:
    """A compiled `when` expression: called with the context as keywords, it gives the
    expression's value. Built as Jinja's `compile_expression` builds one, keeping the template
    it makes, so that a Scope can evaluate it without copying the context."""

    __slots__ = ("source", "template")

    def __init__(self, env: ImmutableSandboxedEnvironment, source: str) -> None:
        parser = Parser(env, source, state="variable")
        expression = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno,
                                      None, None)
        expression.set_environment(env)
        body = [nodes.Assign(nodes.Name("result", "store"), expression, lineno=1)]
        self.source = source
        self.template = env.from_string(nodes.Template(body, lineno=1))

    def __call__(self, **context: Any) -> Any:
        return _evaluate(self.template, context)


def _evaluate(template: Any, shared: dict[str, Any]) -> Any:
    """A Condition's value, with `shared` as the template's variables (not copied)."""
    ctx = _context(template, shared)
    for _ in template.root_render_func(ctx):
        pass
    return ctx.vars["result"]


def _context(template: Any, shared: dict[str, Any]) -> Any:
    """What `template.new_context(shared, shared=True)` makes, without listing the template's
    globals for `{% import %}` (which strategy texts cannot use): that costs a walk of every
    global per text."""
    env = template.environment
    return env.context_class(env, shared, template.name, template.blocks)


def compile_condition(env: ImmutableSandboxedEnvironment, source: str, path: Path,
                      line: int | None) -> Condition:
    """A `when` expression from strategy.toml, e.g. "facts.needs_visa and n.broaden_by"."""
    try:
        return Condition(env, source)
    except TemplateSyntaxError as exc:
        raise ContentError(path, line, f"bad condition {source!r}: {exc.message}") from None


def claimed_facts(source: str) -> set[str]:
    """The facts named by every `{% claim %}` in a template's source, reached or not."""
    found: set[str] = set()
    for call in make_environment().parse(source).find_all(nodes.Call):
        if isinstance(call.node, nodes.ExtensionAttribute) and call.node.name == "_claim":
            names = call.args[0]
            if isinstance(names, nodes.List):
                found.update(str(item.value) for item in names.items
                             if isinstance(item, nodes.Const))
    return found


def render(template: Any, context: Mapping[str, Any], path: Path,
           claims: ClaimLog | None = None) -> str:
    """Render one template; a failure names the file and the template line."""
    return Scope(context, claims).render(template, path)


class Scope:
    """One student's context, ready for the many texts and conditions one hook goes through.
    Jinja copies the context and its globals into a new dict for each render; here they are
    put together once and shared, read-only (a template's `{% set %}` writes to its own
    variables, not to these)."""

    __slots__ = ("context", "claims", "shared")

    def __init__(self, context: Mapping[str, Any], claims: ClaimLog | None = None) -> None:
        self.context = context
        self.claims = claims or ClaimLog()
        self.shared: dict[str, Any] | None = None

    def _vars(self, template: Any) -> dict[str, Any]:
        # Every template and condition of a strategy comes from one environment.
        if self.shared is None:
            self.shared = {**template.environment.globals, **self.context,
                           CLAIMS_KEY: self.claims}
        return self.shared

    def holds(self, condition: Condition | None) -> bool:
        """Whether a `when` holds; no condition always holds."""
        return condition is None or bool(_evaluate(condition.template,
                                                   self._vars(condition.template)))

    def render(self, template: Any, path: Path, **extra: Any) -> str:
        """`render` of one template in this scope, with `extra` values for this one only."""
        shared = self._vars(template)
        if extra:
            shared = {**shared, **extra}
        # Claims name the file they are in: each template's own global.
        shared["__file__"] = template.globals.get("__file__", "")
        try:
            try:
                return "".join(template.root_render_func(_context(template, shared))).strip()
            except Exception:
                # Raises it again with the template's lines in the traceback, as
                # Template.render does.
                template.environment.handle_exception()
                raise  # not reached: handle_exception raises
        except TemplateError as exc:
            raise ContentError(path, _template_line(), f"{type(exc).__name__}: {exc}") from None


def _template_line() -> int | None:
    """The template line of the exception being handled, from Jinja's rewritten traceback."""
    tb = sys.exc_info()[2]
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
