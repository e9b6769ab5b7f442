"""Forms for the season: the office's ERAS signal, fee and date settings, and a student's
season checklist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, StringField, \
    SubmitField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from advisor.enums import Specialty
from advisor.scoring.fees import FeeSchedule, FeeTier, FixedFee, tier_problem
from advisor.scoring.signals import MAX_SIGNALS, SignalAllowance
from advisor.services.checklists import ITEMS
from advisor.services.season_costs import TOKEN_LABEL, signal_specialties

FEE_ROWS = 4
MAX_PROGRAMS = 1000
MAX_PRICE = Decimal("1000")


class WholeNumberField(IntegerField):
    """A whole number from 0 to `high`; blank is 0, anything else a message naming the field."""

    data: int | None

    def __init__(self, label: str, high: int, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.high = high

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            self.data = 0
            return
        if not text.isdigit() or int(text) > self.high:
            self.data = None
            raise ValueError(f"Enter a whole number from 0 to {self.high}.")
        self.data = int(text)


class MoneyField(StringField):
    """US dollars with at most two decimals, 0 to MAX_PRICE; blank is None."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = (valuelist[0] if valuelist else "").strip().lstrip("$").replace(",", "")
        self.raw = text
        if not text:
            self.data = None
            return
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or amount < 0 or amount > MAX_PRICE \
                or amount != amount.quantize(Decimal("0.01")):
            self.data = None
            raise ValueError(f"Enter an amount in dollars from 0 to {MAX_PRICE:,}, such as 11 "
                             "or 10.50.")
        self.data = amount

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data:f}"


class SeasonSettingsForm(FlaskForm):
    """The signal fields (`gold_<specialty>`, `silver_<specialty>`) are added below."""

    prefer_regions = BooleanField("Signal programs in the student's strategy regions first")
    token_fee = MoneyField("ERAS token fee for IMGs, once a season (blank: none)")
    eras_opens_on = DateField("The day ERAS opens to residency applications",
                              validators=[Optional()],
                              render_kw={"placeholder": "2025-09-03"})
    submit = SubmitField("Save season settings")

    def validate_eras_opens_on(self, field: DateField) -> None:
        if field.data is not None and not 2000 <= field.data.year <= 2100:
            raise ValidationError("Enter a date between the years 2000 and 2100.")

    def allowance_table(self) -> dict[Specialty, SignalAllowance]:
        return {s: SignalAllowance(self[f"gold_{s.value}"].data or 0,
                                   self[f"silver_{s.value}"].data or 0)
                for s in signal_specialties()}

    def fee_schedule(self) -> FeeSchedule | None:
        """The schedule typed, or None after putting the problem on the field at fault."""
        tiers, rows = [], []
        for i in range(FEE_ROWS):
            up_to, price = self[f"fee_up_to_{i}"], self[f"fee_price_{i}"]
            if up_to.errors or price.errors:
                return None  # the field's own message says what is wrong
            if price.data is None:
                if up_to.data:
                    price.errors = [*price.errors, "Enter the price for these programs."]
                    return None
                continue
            tiers.append(FeeTier(up_to.data or None, price.data))
            rows.append(i)
        problem = tier_problem(tiers)
        if problem:
            at, message = problem
            # On the count of the step at fault (the first step's price when none is given).
            field = self[f"fee_up_to_{rows[at]}"] if rows else self["fee_price_0"]
            field.errors = [*field.errors, message]
            return None
        token = self.token_fee.data
        return FeeSchedule(tuple(tiers), (FixedFee(TOKEN_LABEL, token),) if token else ())

    def fill(self, table: dict[Specialty, SignalAllowance], schedule: FeeSchedule,
             prefer_regions: bool, eras_opens_on: date | None) -> None:
        for s, allowance in table.items():
            self[f"gold_{s.value}"].data = allowance.gold
            self[f"silver_{s.value}"].data = allowance.silver
        for i in range(FEE_ROWS):
            tier = schedule.tiers[i] if i < len(schedule.tiers) else None
            self[f"fee_up_to_{i}"].data = tier.up_to if tier else None
            self[f"fee_price_{i}"].data = tier.price if tier else None
        token = sum((f.amount for f in schedule.fixed), Decimal(0))
        self.token_fee.data = token or None
        self.prefer_regions.data = prefer_regions
        self.eras_opens_on.data = eras_opens_on


for _specialty in signal_specialties():
    setattr(SeasonSettingsForm, f"gold_{_specialty.value}", WholeNumberField(
        f"{_specialty.label}: gold signals, or all its signals when it has one kind",
        MAX_SIGNALS))
    setattr(SeasonSettingsForm, f"silver_{_specialty.value}", WholeNumberField(
        f"{_specialty.label}: silver signals", MAX_SIGNALS))
for _i in range(FEE_ROWS):
    setattr(SeasonSettingsForm, f"fee_up_to_{_i}", WholeNumberField(
        f"Fee step {_i + 1}: up to this many programs of a specialty (blank: every further "
        "program)", MAX_PROGRAMS, render_kw={"inputmode": "numeric"}))
    setattr(SeasonSettingsForm, f"fee_price_{_i}", MoneyField(
        f"Fee step {_i + 1}: price per program"))


class ChecklistForm(FlaskForm):
    """A student's season checklist; the date fields (`<item>_due`, `<item>_done`) are added
    below."""

    version = HiddenField()
    notes = TextAreaField("Notes", validators=[Length(max=2000)])
    submit = SubmitField("Save checklist")

    def expected_version(self) -> int | None:
        """The version the form was built from; None for a checklist not saved yet."""
        text = (self.version.data or "").strip()
        return int(text) if text.isdigit() else None


for _item in ITEMS:
    setattr(ChecklistForm, f"{_item.key}_due", DateField(
        f"{_item.label}: due", validators=[Optional()]))
    if not _item.from_profile:
        setattr(ChecklistForm, f"{_item.key}_done", DateField(
            f"{_item.label}: done on", validators=[Optional()]))
