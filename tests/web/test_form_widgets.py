"""The drop-downs written once per process mark the chosen option as WTForms' own widget does,
and the quick inputs write the markup WTForms' own inputs write."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from wtforms import BooleanField, FloatField, Form, HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, HiddenInput, NumberInput, Select, TextInput
from wtforms.widgets import html_params as wtforms_html_params

from advisor.web.forms.student_forms import ChoiceField, options
from advisor.web.forms.widgets import (
    QuickCheckboxInput,
    QuickHiddenInput,
    QuickNumberInput,
    QuickTextInput,
    html_params,
)

PAIRS = [("", "Not stated"), ("a&b", 'A <b> "quoted"'), ("CA", "California"), ("NY", "")]


class Pick(Form):
    place = ChoiceField("Place", choices=PAIRS)
    needed = ChoiceField("Needed", [InputRequired()], choices=PAIRS)


@pytest.mark.parametrize("data", ["", "a&b", "CA", "NY", "TX", None])
def test_the_written_options_are_wtforms_own(data):
    form = Pick(data={"place": data, "needed": data})
    for field in (form.place, form.needed):
        ours = str(field(**{"aria-describedby": "x-hint"}))
        assert ours == str(Select()(field, **{"aria-describedby": "x-hint"}))
        assert ours.count("selected") == (data in {"", "a&b", "CA", "NY"})
    assert "required" in str(form.needed())


def test_the_same_fixed_choices_give_each_form_its_own_chosen_option():
    first, second = Pick(data={"place": "CA"}), Pick(data={"place": "NY"})
    assert '<option selected value="CA">' in str(first.place())
    assert '<option selected value="NY">' in str(second.place())
    assert '<option selected value="CA">' not in str(second.place())


def test_choices_set_later_are_written_from_themselves():
    form = Pick(data={"place": "TX"})
    form.place.choices = options([("TX", "Texas"), ("CA", "California")])
    written = str(form.place())
    assert written == str(Select()(form.place))
    assert '<option selected value="TX">Texas</option>' in written
    assert "Not stated" not in written


ATTRIBUTES = [
    {},
    {"id": "x", "name": 'a"b&<c>', "value": Markup('say "hi"'), "class_": "wide", "for_": "y"},
    {"checked": True, "disabled": False, "data_row_id": 3, "aria_describedby": "x-hint x-error",
     "min": 0, "step": "any", "value": None},
]


@pytest.mark.parametrize("kwargs", ATTRIBUTES)
def test_the_attribute_writer_is_wtforms_own(kwargs):
    assert str(html_params(**kwargs)) == str(wtforms_html_params(**kwargs))


class Inputs(Form):
    text = StringField(widget=QuickTextInput())
    number = IntegerField(widget=QuickNumberInput())
    months = FloatField(widget=QuickNumberInput(step="any"))
    hidden = HiddenField(widget=QuickHiddenInput())
    ticked = BooleanField(widget=QuickCheckboxInput())


@pytest.mark.parametrize("data", [
    {"text": 'O\'Brien & "Sons" <b>', "number": 7, "months": 1.5, "hidden": "3", "ticked": True},
    {"text": "", "number": None, "months": None, "hidden": "", "ticked": False},
])
def test_the_quick_inputs_write_wtforms_own_markup(data):
    form = Inputs(data=data)
    wtforms_widgets = {"text": TextInput(), "number": NumberInput(),
                       "months": NumberInput(step="any"), "hidden": HiddenInput(),
                       "ticked": CheckboxInput()}
    for name, widget in wtforms_widgets.items():
        attrs = {"aria-describedby": f"{name}-hint", "render_kw_like": "x"}
        assert str(form[name](**attrs)) == str(widget(form[name], **attrs)), name
