"""The sandbox strategy texts render in: what an office's template may and may not reach."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from advisor.hooks.templating import (
    ClaimLog, ContentError, Scope, compile_condition, compile_template, make_environment, render,
)

PATH = Path("advice/example.md.j2")


def rendered(source: str, **context: object) -> str:
    env = make_environment()
    return render(compile_template(env, source, PATH), context, PATH)


def test_a_template_reads_facts_and_numbers_by_name() -> None:
    text = rendered("{{ facts.needs_visa }} {{ n.months }} {{ n['months'] }}",
                    facts={"needs_visa": True}, n=MappingProxyType({"months": 3}))
    assert text == "True 3 3"


def test_a_key_named_like_a_dict_method_is_still_the_method_as_in_jinja() -> None:
    # Jinja prefers the attribute: `facts.items` is the dict's method, whatever the keys.
    assert rendered("{{ facts.items() | list | length }}", facts={"items": 0, "b": 1}) == "2"


@pytest.mark.parametrize("source", [
    "{{ a.__class__ }}",
    "{{ a._private }}",
    "{{ facts.__class__.__mro__ }}",
    "{{ facts.clear() }}",
    "{{ facts.update(x=1) }}",
    "{{ names.append('x') }}",
])
def test_a_template_cannot_reach_internals_or_change_what_it_is_given(source: str) -> None:
    class Record:
        _private = "hidden"

    facts = {"needs_visa": True}
    names = ["a"]
    with pytest.raises(ContentError) as error:
        rendered(source, a=Record(), facts=facts, names=names)
    assert "example.md.j2" in str(error.value)
    assert facts == {"needs_visa": True} and names == ["a"]


def test_the_same_attribute_is_refused_every_time_not_only_the_first() -> None:
    env = make_environment()
    template = compile_template(env, "{{ facts.clear() }}", PATH)
    for _ in range(3):
        with pytest.raises(ContentError):
            render(template, {"facts": {"x": 1}}, PATH)


def test_a_missing_fact_is_an_error_naming_the_file_not_an_empty_string() -> None:
    with pytest.raises(ContentError, match="example.md.j2"):
        rendered("{{ facts.no_such_fact }}", facts={"needs_visa": True})


def test_texts_rendered_in_one_scope_do_not_see_what_another_set_or_was_given() -> None:
    env = make_environment()
    first = compile_template(env, "{% set note = 'from the first' %}{{ note }} {{ tier }}", PATH)
    second = compile_template(env, "{{ note is defined }} {{ tier is defined }}", PATH)
    scope = Scope({"facts": {}})
    assert scope.render(first, PATH, tier="reach") == "from the first reach"
    assert scope.render(second, PATH) == "False False"


def test_conditions_in_a_scope_read_the_context_and_a_condition_alone_gives_its_value() -> None:
    env = make_environment()
    needs = compile_condition(env, "facts.needs_visa and n.months > 2", PATH, 3)
    scope = Scope({"facts": {"needs_visa": True}, "n": {"months": 3}})
    assert scope.holds(needs) and scope.holds(None)
    assert not Scope({"facts": {"needs_visa": False}, "n": {"months": 3}}).holds(needs)
    assert needs(facts={"needs_visa": True}, n={"months": 1}) is False


def test_an_error_in_a_scope_names_the_file_and_the_template_line() -> None:
    env = make_environment()
    template = compile_template(env, "First line\nsecond\n{{ facts.no_such_fact }}", PATH)
    with pytest.raises(ContentError) as error:
        Scope({"facts": {}}).render(template, PATH)
    assert (error.value.path, error.value.line) == (str(PATH), 3)


def test_claims_in_a_scope_name_the_file_of_each_template() -> None:
    env = make_environment()
    other = Path("advice/other.md.j2")
    claims = ClaimLog()
    scope = Scope({"facts": {"needs_visa": True}}, claims)
    for path in (PATH, other):
        scope.render(compile_template(env, '{% claim "needs_visa" %}Visa text.{% endclaim %}',
                                      path), path)
    assert [claim.file for claim in claims.reached] == [str(PATH), str(other)]


def test_what_a_claim_sets_stays_inside_it_and_a_broken_claim_drops_its_text() -> None:
    env = make_environment()
    template = compile_template(env, '{% claim "needs_visa" %}{% set y = 1 %}Visa {{ y }}.'
                                     '{% endclaim %} Then {{ y is defined }}.', PATH)
    held, broken = ClaimLog(), ClaimLog()
    assert Scope({"facts": {"needs_visa": True}}, held).render(template, PATH) == \
        "Visa 1. Then False."
    assert Scope({"facts": {"needs_visa": False}}, broken).render(template, PATH) == \
        "Then False."
    assert [c.held for c in held.reached] == [True] and [c.held for c in broken.reached] == [False]
