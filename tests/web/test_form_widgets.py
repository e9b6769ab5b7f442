"""The drop-downs written once per process mark the chosen option as WTForms' own widget does."""

from __future__ import annotations

import pytest
from wtforms import Form
from wtforms.validators import InputRequired
from wtforms.widgets import Select

from advisor.web.forms.student_forms import ChoiceField, options

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
