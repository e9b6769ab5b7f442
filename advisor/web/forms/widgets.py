"""Form widgets that write the same markup as WTForms' own, faster.

A student's edit form holds about 800 drop-down options (a state and a specialty list on every
experience, letter and tie row, and in the blank row kept for adding one). WTForms builds each
option through `html_params` and `Markup.format`, which took half of that page's time. The
options of a drop-down whose choices are fixed are now written once per process
(`WrittenOptions`), and each rendering only marks the chosen one. The form's inputs write
their attributes with `html_params`, which gives WTForms' markup at under half its cost.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape
from wtforms.widgets import CheckboxInput, HiddenInput, NumberInput, Select, TextInput
from wtforms.widgets.core import clean_key

# Fixed choice lists whose options are written, by the list's id (the list is kept with them,
# so the id stays its own). Bounded: choices built per request are written per rendering.
_WRITTEN: dict[int, tuple[Any, list[Any], WrittenOptions | None]] = {}
_MAX_WRITTEN = 256


_QUOTE, _QUOTE_ENTITY = Markup('"'), Markup("&quot;")


@lru_cache(maxsize=256)  # attribute names come from the code: a few dozen
def _attribute(key: str) -> str:
    """A keyword as the attribute's name: "class_" -> "class", "aria_label" -> "aria-label"."""
    return str(escape(clean_key(key)))


def html_params(**kwargs: Any) -> Markup:
    """`wtforms.widgets.html_params`, the same attributes in the same order, without
    `Markup.format` (most of its cost): True writes the bare name, False nothing."""
    params = []
    for key, value in sorted(kwargs.items()):
        if value is True:
            params.append(clean_key(key))
        elif value is not False:
            text = escape(value)
            if '"' in text:  # only in a value given as Markup: escape() leaves it alone
                text = text.replace(_QUOTE, _QUOTE_ENTITY)
            params.append(f'{_attribute(key)}="{text}"')
    return Markup(" ".join(params))  # noqa: S704 - every key and value is escaped


# WTForms' input widgets, writing their attributes with `html_params` above.
class QuickTextInput(TextInput):
    html_params = staticmethod(html_params)


class QuickNumberInput(NumberInput):
    html_params = staticmethod(html_params)


class QuickHiddenInput(HiddenInput):
    html_params = staticmethod(html_params)


class QuickCheckboxInput(CheckboxInput):
    html_params = staticmethod(html_params)


class WrittenOptions:
    """A drop-down's options written out, each as it reads unchosen and chosen, found by the
    value a choice has as a string (SelectField's default `coerce`)."""

    def __init__(self, choices: list[Any]) -> None:
        self.plain: list[str] = []
        self.chosen: list[str] = []
        self.at: dict[str, list[int]] = {}
        for n, choice in enumerate(choices):
            value = str(choice.value) if isinstance(choice.value, bool) else choice.value
            rest = f'value="{escape(value)}">{escape(choice.label or choice.value)}</option>'
            self.plain.append("<option " + rest)
            self.chosen.append("<option selected " + rest)
            self.at.setdefault(str(choice.value), []).append(n)


def written_choices(pairs: list[Any], convert: Any) -> tuple[list[Any], WrittenOptions | None]:
    """`convert(pairs)` (the choices as WTForms wants them) and their written options, made
    once per fixed list of pairs; None for choices with groups or extra attributes."""
    key = id(pairs)
    known = _WRITTEN.get(key)
    if known is not None and known[0] is pairs:
        return known[1], known[2]
    choices = convert(pairs)
    plain = all(getattr(c, "optgroup", None) is None and not getattr(c, "render_kw", None)
                and hasattr(c, "value") for c in choices)
    written = WrittenOptions(choices) if plain else None
    if len(_WRITTEN) < _MAX_WRITTEN:
        _WRITTEN[key] = (pairs, choices, written)
    return choices, written


class QuickSelect(Select):
    """WTForms' Select, with plain options (no extra attributes) written directly. For
    WTForms 3.3 and later, which hands `render_option` a choice object."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        written: WrittenOptions | None = getattr(field, "written_options", None)
        choices: list[Any] = getattr(field, "_choices", None) or []
        unchanged = choices is getattr(field, "written_for", None)  # not set anew since
        if (written is None or not unchanged or self.multiple
                or getattr(field, "coerce", None) is not str
                or len(choices) != len(written.plain)):
            return super().__call__(field, **kwargs)
        try:
            picked = written.at.get(field.data, ())
        except TypeError:  # a value that cannot be looked up: compare as WTForms does
            return super().__call__(field, **kwargs)
        # As Select.__call__ writes the element.
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        html = written.plain.copy()
        for n in picked:
            html[n] = written.chosen[n]
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>"  # noqa: S704
                      f"{''.join(html)}</select>")

    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(value)}">'  # noqa: S704 - escaped
                      f"{escape(choice.label or choice.value)}</option>")

    @classmethod
    def _dispatch_render_option(cls) -> Any:
        # WTForms inspects render_option's signature on every drop-down to support older
        # overrides; this one has the current signature.
        return cls.render_option


def select_widget() -> Select:
    """QuickSelect where the installed WTForms renders choice objects, else its own Select."""
    try:
        from wtforms import SelectChoice  # noqa: F401 - only asks whether it exists (3.3+)
    except ImportError:  # pragma: no cover
        return Select()
    return QuickSelect()
