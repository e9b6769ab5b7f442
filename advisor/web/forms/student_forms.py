"""The student forms: the list's filters, and the profile form with its repeating rows.

The profile form checks types and required fields itself, then turns what was typed into the
profile's JSON shape and runs `advisor.profile_schema.parse_profile` on it, so the form and the
API share one set of rules. Each `field: problem` line that the schema reports is put beside the
form field it names, e.g. `clinical_experience[1].months` beside that row's months.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import ListWidget

from advisor.enums import (
    US_STATES,
    Citizenship,
    EcfmgStatus,
    ExperienceKind,
    OetStatus,
    Specialty,
    SpokenEnglish,
    Step1Result,
    TieKind,
    VisaNeed,
)
from advisor.profile_schema import (
    EARLIEST_GRADUATION,
    MAX_ATTEMPTS,
    MAX_GAP_MONTHS,
    ProfileError,
    parse_profile,
)
from advisor.services.seasons import EARLIEST_SEASON, current_season
from advisor.services.students import SORT_KEYS
from advisor.web.forms.widgets import (
    QuickCheckboxInput,
    QuickHiddenInput,
    QuickNumberInput,
    QuickTextInput,
    select_widget,
    written_choices,
)

try:  # WTForms 3.3 wants SelectChoice objects; older releases take (value, label) pairs.
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover
    SelectChoice = None

CHOOSE = ("", "Choose…")
STATE_CHOICES = [("", "Not stated"), *((s, s) for s in US_STATES)]
SPECIALTY_OR_NONE = [("", "Not stated"), *Specialty.choices()]
# The blank choice of a field where blank means "not recorded", never "no".
NOT_RECORDED = ("", "Not recorded")
WHOLE_NUMBER = "Enter a whole number, such as 218."
MAX_EXPERIENCES, MAX_LETTERS, MAX_TIES = 50, 30, 30
PLACE_HINT = ("Give the ZIP as well as the state where you can: it tells the county. Strategies "
              "judge experience, letters and ties by county, so a place with a state alone "
              "counts as “location within the state not given”.")


# The edit form writes some 90 inputs and labels: these widgets write WTForms' markup faster.
TEXT, NUMBER, CHECKBOX = QuickTextInput(), QuickNumberInput(), QuickCheckboxInput()


def _number(label: str, required: str | None = None, **attrs: Any) -> IntegerField:
    validators = [InputRequired(required)] if required else [Optional()]
    return IntegerField(label, validators, invalid_value_message=WHOLE_NUMBER, render_kw=attrs,
                        widget=NUMBER)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _text(field: Any) -> str | None:
    """What was typed or chosen, stripped; None when blank."""
    value = field.raw_data[0] if field.raw_data else field.data
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def options(pairs: Any) -> list[Any]:
    """(value, label) pairs as the installed WTForms wants its choices."""
    return [SelectChoice(value, label) if SelectChoice else (value, label) for value, label in pairs]


class ChoiceField(SelectField):
    """A drop-down whose blank choice is the default, so a missing value reads as blank."""

    widget = select_widget()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", "")
        pairs = kwargs.pop("choices", None)
        if pairs:  # fixed choices: converted and written once (QuickSelect)
            choices, self.written_options = written_choices(pairs, options)
        else:
            choices, self.written_options = [], None
        super().__init__(*args, **kwargs)
        # A list, as SelectField keeps it; set here because SelectField would check the shape
        # of every choice again for every drop-down of every form built.
        self._choices = list(choices)
        # The options are written for these choices only; choices set later are written anew.
        self.written_for = self._choices


def _state() -> ChoiceField:
    return ChoiceField("State", choices=STATE_CHOICES)


ZIP_HINT = "5 digits, such as 90033: it tells the county."


def _zip() -> StringField:
    return StringField("ZIP", [Length(max=10)], description=ZIP_HINT, widget=TEXT,
                       render_kw={"inputmode": "numeric", "size": 10, "autocomplete": "off"})


class MonthsField(FloatField):
    """Months of experience; shows 2 rather than 2.0."""

    widget = QuickNumberInput(step="any")

    def _value(self) -> str:
        if not self.raw_data and isinstance(self.data, float):
            return f"{self.data:g}"
        return super()._value()


# ---------------------------------------------------------------------------- row forms

class _Row(Form):
    """One repeating row. A row left blank is ignored; a ticked `remove` drops it."""

    TITLE = ""
    PROFILE_KEY = ""
    # Shown once above the section's rows.
    HINT = ""
    # Fields that must be filled once anything in the row is, with the message to show.
    REQUIRED: dict[str, str] = {}

    def content_fields(self) -> list[Any]:
        return [f for f in self if f.short_name != "remove"]

    def is_blank(self) -> bool:
        return all(_text(f) is None for f in self.content_fields())

    def document(self) -> dict[str, Any]:
        return {f.short_name: _text(f) for f in self.content_fields()}


class ExperienceRow(_Row):
    TITLE = "Clinical experience"
    HINT = PLACE_HINT
    PROFILE_KEY = "clinical_experience"
    REQUIRED = {"kind": "Choose the kind of experience.",
                "months": "Enter the months, such as 2 or 1.5."}

    kind = ChoiceField("Kind", choices=[CHOOSE, *ExperienceKind.choices()])
    months = MonthsField("Months", [Optional()],
                         invalid_value_message="Enter a number of months, such as 2 or 1.5.",
                         render_kw={"min": 0, "max": 120, "step": "any", "inputmode": "decimal"})
    specialty = ChoiceField("Specialty", choices=SPECIALTY_OR_NONE)
    state = _state()
    zip = _zip()
    remove = BooleanField("Remove this experience", widget=CHECKBOX)


class LetterRow(_Row):
    TITLE = "US letter"
    HINT = PLACE_HINT
    PROFILE_KEY = "us_letters"

    specialty = ChoiceField("Specialty", choices=SPECIALTY_OR_NONE)
    state = _state()
    zip = _zip()
    remove = BooleanField("Remove this letter", widget=CHECKBOX)


class TieRow(_Row):
    TITLE = "Tie"
    HINT = PLACE_HINT
    PROFILE_KEY = "ties"
    REQUIRED = {"kind": "Choose the kind of tie."}

    kind = ChoiceField("Kind", choices=[CHOOSE, *TieKind.choices()])
    state = _state()
    zip = _zip()
    remove = BooleanField("Remove this tie", widget=CHECKBOX)


# ------------------------------------------------------------------------ profile form

# Schema paths (as `parse_profile` names them) -> form fields.
FIELD_FOR_PATH = {
    "name": "name", "citizenship": "citizenship", "visa_needed": "visa_needed",
    "step1": "step1_result", "step1.result": "step1_result", "step1.attempts": "step1_attempts",
    "step1.score": "step1_score", "step2ck": "step2ck_score", "step2ck.score": "step2ck_score",
    "step2ck.attempts": "step2ck_attempts", "step3": "step3_score", "step3.score": "step3_score",
    "step3.passed": "step3_passed", "graduation_year": "graduation_year",
    "training_gap": "training_gap_months", "training_gap.months": "training_gap_months",
    "training_gap.explained": "training_gap_explained", "english": "oet_status",
    "english.oet": "oet_status", "english.spoken": "spoken_english",
    "ecfmg_status": "ecfmg_status",
    "publications": "publications", "languages": "languages", "specialty": "specialty",
    "backup_specialty": "backup_specialty", "target_regions": "target_regions",
}
# Repeating sections: form field name -> its row form.
SECTIONS = {"experiences": ExperienceRow, "letters": LetterRow, "ties": TieRow}
SECTION_FOR_KEY = {row.PROFILE_KEY: name for name, row in SECTIONS.items()}
ADD_BUTTONS = {"add_experience": "experiences", "add_letter": "letters", "add_tie": "ties"}
_LINE = re.compile(r"(?P<key>[a-z0-9_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>[a-z0-9_.]+))?: "
                   r"(?P<message>.+)", re.S)
_YES_NO = {True: "yes", False: "no", None: ""}


def _sentence(message: str) -> str:
    message = message.strip()
    if message == "Missing data for required field.":
        return "This is required."
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."


class StudentForm(FlaskForm):
    # The student's version when the form was opened: a save over a newer one is refused.
    version = HiddenField(widget=QuickHiddenInput())

    name = StringField("Name or code", [DataRequired("Enter the student's name or a code."),
                                        Length(max=200)], filters=[_strip],
                       render_kw={"autocomplete": "off"}, widget=TEXT)
    citizenship = ChoiceField("Citizenship", [InputRequired("Choose the citizenship.")],
                              choices=[CHOOSE, *Citizenship.choices()])
    visa_needed = ChoiceField("Visa needed", [InputRequired("Choose the visa the student needs.")],
                              choices=[CHOOSE, *VisaNeed.choices()])

    step1_result = ChoiceField("Step 1 result", [InputRequired("Choose the Step 1 result.")],
                               choices=[CHOOSE, *Step1Result.choices()])
    step1_attempts = _number("Step 1 attempts", min=0, max=MAX_ATTEMPTS)
    step1_score = _number("Step 1 score", min=1, max=300)
    step2ck_score = _number("Step 2 CK score", min=1, max=300)
    step2ck_attempts = _number("Step 2 CK attempts", min=0, max=MAX_ATTEMPTS)
    step3_score = _number("Step 3 score", min=1, max=300)
    step3_passed = ChoiceField("Step 3 result", choices=[("", "Not taken or not known"),
                                                         ("yes", "Passed"), ("no", "Failed")])

    graduation_year = _number("Graduation year", "Enter the graduation year.",
                              min=EARLIEST_GRADUATION)
    publications = _number("Publications", min=0, max=1000)

    ecfmg_status = ChoiceField("ECFMG certification", choices=[NOT_RECORDED, *EcfmgStatus.choices()])
    oet_status = ChoiceField("OET Medicine", choices=[NOT_RECORDED, *OetStatus.choices()])
    spoken_english = ChoiceField("Spoken English", choices=[NOT_RECORDED, *SpokenEnglish.choices()])
    training_gap_months = _number("Months out of clinical work", min=0, max=MAX_GAP_MONTHS)
    training_gap_explained = ChoiceField("Gap explained", choices=[
        NOT_RECORDED, ("yes", "Yes: the student can account for it"), ("no", "No, not yet")])
    # Not part of the profile: the view stores it on the student (services.students.set_season).
    season_year = IntegerField(
        "Application season", [Optional()],
        invalid_value_message="Enter the application season as a year, such as 2026.",
        render_kw={"min": EARLIEST_SEASON}, widget=NUMBER)
    languages = StringField("Languages", [Length(max=1000)], render_kw={"autocomplete": "off"},
                            widget=TEXT)

    specialty = ChoiceField("Specialty", [InputRequired("Choose the specialty.")],
                            choices=[CHOOSE, *Specialty.choices()])
    backup_specialty = ChoiceField("Backup specialty", choices=[("", "None"), *Specialty.choices()])
    target_regions = SelectMultipleField(
        "Target regions", choices=[], widget=ListWidget(prefix_label=False),
        option_widget=CHECKBOX,
        invalid_choice_message="Choose regions from the list; some are no longer installed.")

    experiences = FieldList(FormField(ExperienceRow), "Clinical experience",
                            max_entries=MAX_EXPERIENCES)
    letters = FieldList(FormField(LetterRow), "US letters of recommendation",
                        max_entries=MAX_LETTERS)
    ties = FieldList(FormField(TieRow), "Ties to a region", max_entries=MAX_TIES)

    save = SubmitField("Save")
    add_experience = SubmitField("Add a clinical experience")
    add_letter = SubmitField("Add a US letter")
    add_tie = SubmitField("Add a tie")

    def __init__(self, *args: Any, regions: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target_regions.choices = options(regions or [])
        self.section_errors: dict[str, list[str]] = {name: [] for name in SECTIONS}
        self.general_errors: list[str] = []

    # ------------------------------------------------------------ loading a student

    @staticmethod
    def data_from_profile(profile: dict[str, Any], version: int | None = None) -> dict[str, Any]:
        """Form data for a profile in its JSON shape (as `profile_from_student` gives it)."""
        step1, step2, step3 = profile["step1"], profile["step2ck"], profile["step3"]
        gap, english = profile["training_gap"], profile["english"]
        return {
            "version": "" if version is None else str(version),
            "name": profile["name"], "citizenship": profile["citizenship"],
            "visa_needed": profile["visa_needed"],
            "step1_result": step1["result"], "step1_attempts": step1["attempts"],
            "step1_score": step1["score"], "step2ck_score": step2["score"],
            "step2ck_attempts": step2["attempts"], "step3_score": step3["score"],
            "step3_passed": _YES_NO[step3["passed"]],
            "graduation_year": profile["graduation_year"],
            "training_gap_months": gap["months"],
            "training_gap_explained": _YES_NO[gap["explained"]],
            "oet_status": english["oet"] or "", "spoken_english": english["spoken"] or "",
            "ecfmg_status": profile["ecfmg_status"] or "",
            "publications": profile["publications"],
            "languages": ", ".join(language.title() for language in profile["languages"]),
            "specialty": profile["specialty"], "backup_specialty": profile["backup_specialty"] or "",
            "target_regions": list(profile["target_regions"]),
            "experiences": [_row_data(row) for row in profile["clinical_experience"]],
            "letters": [_row_data(row) for row in profile["us_letters"]],
            "ties": [_row_data(row) for row in profile["ties"]],
        }

    def validate_season_year(self, field: IntegerField) -> None:
        # Up to next season: students are often entered a season ahead.
        latest = current_season() + 1
        if field.data is not None and not EARLIEST_SEASON <= field.data <= latest:
            raise ValidationError(
                f"Enter an application season from {EARLIEST_SEASON} to {latest}.")

    def expected_version(self) -> int | None:
        text = (self.version.data or "").strip()
        return int(text) if text.isdigit() else None

    # ------------------------------------------------------------ adding and removing rows

    def drop_removed_rows(self) -> None:
        """Forget rows whose Remove box is ticked (before re-showing or saving the form)."""
        for name in SECTIONS:
            rows = self[name]
            for index in reversed(range(len(rows.entries))):
                if rows.entries[index].form.remove.data:
                    rows.pop_entry(index)

    def added_section(self) -> str | None:
        """The section whose "Add" button was pressed, if one was; adds the empty row."""
        for button, name in ADD_BUTTONS.items():
            if self[button].data:
                rows = self[name]
                if rows.max_entries and len(rows.entries) >= rows.max_entries:
                    self.section_errors[name].append(
                        f"At most {rows.max_entries} rows; remove one before adding another.")
                else:
                    rows.append_entry()
                return name
        return None

    # ------------------------------------------------------------ validating

    def profile(self) -> dict[str, Any] | None:
        """The parsed profile; or None, with each problem beside its field."""
        self.validate()
        self._check_rows()
        document, rows = self._document()
        try:
            profile = parse_profile(document)
        except ProfileError as exc:
            for line in exc.lines:
                self._place(line, rows)
            return None
        return None if self.problems() else profile

    def _check_rows(self) -> None:
        for name in SECTIONS:
            for entry in self[name].entries:
                row = entry.form
                if row.is_blank():
                    continue
                for field_name, message in row.REQUIRED.items():
                    field = row[field_name]
                    if _text(field) is None and not field.errors:
                        field.errors.append(message)

    def _document(self) -> tuple[dict[str, Any], dict[str, list[Any]]]:
        """What was typed, in the profile's JSON shape; and the rows each list came from."""
        languages = [x.strip() for x in (self.languages.data or "").split(",") if x.strip()]
        document: dict[str, Any] = {
            "name": (self.name.data or "").strip(),
            "citizenship": _text(self.citizenship),
            "visa_needed": _text(self.visa_needed),
            "step1": {"result": _text(self.step1_result),
                      "attempts": _text(self.step1_attempts), "score": _text(self.step1_score)},
            "step2ck": {"score": _text(self.step2ck_score),
                        "attempts": _text(self.step2ck_attempts)},
            "step3": {"score": _text(self.step3_score), "passed": _text(self.step3_passed)},
            "graduation_year": _text(self.graduation_year),
            "training_gap": {"months": _text(self.training_gap_months),
                             "explained": _text(self.training_gap_explained)},
            "english": {"oet": _text(self.oet_status), "spoken": _text(self.spoken_english)},
            "ecfmg_status": _text(self.ecfmg_status),
            "languages": languages,
            "specialty": _text(self.specialty),
            "backup_specialty": _text(self.backup_specialty),
            "target_regions": list(self.target_regions.data or []),
        }
        if _text(self.publications) is not None:
            document["publications"] = _text(self.publications)
        rows: dict[str, list[Any]] = {}
        for name, row_form in SECTIONS.items():
            kept = [entry for entry in self[name].entries if not entry.form.is_blank()]
            rows[row_form.PROFILE_KEY] = kept
            document[row_form.PROFILE_KEY] = [entry.form.document() for entry in kept]
        return document, rows

    def _place(self, line: str, rows: dict[str, list[Any]]) -> None:
        """Put one `path: problem` line from the schema beside the field it names."""
        match = _LINE.fullmatch(line)
        if match is None:
            self.general_errors.append(_sentence(line))
            return
        key, index, sub = match["key"], match["index"], match["sub"]
        message = _sentence(match["message"])
        field = None
        if key in SECTION_FOR_KEY:
            kept = rows[key]
            if index is None or int(index) >= len(kept):
                self.section_errors[SECTION_FOR_KEY[key]].append(message)
                return
            row = kept[int(index)].form
            field = row[sub] if sub in row else row.content_fields()[0]
        else:
            path = key if sub is None else f"{key}.{sub}"
            if path in FIELD_FOR_PATH:
                field = self[FIELD_FOR_PATH[path]]
        if field is None:
            self.general_errors.append(_sentence(line))
        elif not field.errors:
            # One message per field: a type error found by the form already says enough.
            field.errors = [message]

    def problems(self) -> list[tuple[str, str, str]]:
        """Every error as (field id, what to call the field, message), in page order."""
        found: list[tuple[str, str, str]] = [("", "", message) for message in self.general_errors]
        for field in self:
            if field.name in SECTIONS:
                title = SECTIONS[field.name].TITLE
                for message in self.section_errors[field.name]:
                    found.append((field.id, str(field.label.text), message))
                for number, entry in enumerate(field.entries, start=1):
                    for sub in entry.form:
                        found.extend((sub.id, f"{title} {number}, {sub.label.text}", message)
                                     for message in sub.errors)
            elif isinstance(field.errors, (list, tuple)):
                found.extend((field.id, str(field.label.text), message)
                             for message in field.errors)
        return found

    def blank_row(self, name: str) -> Form:
        """An empty row for the page's <template>, its index left as `__index__` for rows.js."""
        return SECTIONS[name](formdata=None, prefix=f"{self[name].name}-__index__-")

    def blank_row_html(self, name: str, row: Any, title: str) -> Any:
        """`row(self.blank_row(name), title)`: the same for every student, so written once
        per compiled template (`row` is the template's macro) unless templates reload."""
        code = getattr(getattr(row, "_func", None), "__code__", None)
        if code is None or current_app.jinja_env.auto_reload:
            return row(self.blank_row(name), title)
        key = (name, self[name].name, title, code)
        html = _BLANK_ROWS.get(key)
        if html is None:
            html = _BLANK_ROWS[key] = row(self.blank_row(name), title)
        return html


# The written blank rows, by section, field name, title and the row macro's compiled code.
_BLANK_ROWS: dict[tuple[Any, ...], Any] = {}


def _row_data(row: dict[str, Any]) -> dict[str, Any]:
    return {key: ("" if value is None else value) for key, value in row.items()}


ALL_SEASONS = "all"


class StudentFilterForm(Form):
    """The list's filters, read from the query string (a GET form: no CSRF token)."""

    q = SearchField("Name contains", [Optional(), Length(max=200)])
    strategy = ChoiceField("Strategy", choices=[("", "Any strategy")],
                           invalid_choice_message="Choose a strategy from the list.")
    tier = ChoiceField("Applicant tier", choices=[("", "Any tier")],
                       invalid_choice_message="Choose a tier from the list.")
    season = ChoiceField("Season", choices=[(ALL_SEASONS, "All seasons")],
                         invalid_choice_message="Choose a season from the list.")
    # Set by the column headings' links; kept as hidden fields when the filters change.
    sort = ChoiceField("Sort by", choices=[(key, key) for key in SORT_KEYS], default="name",
                       invalid_choice_message="Choose a column to sort by.")
    direction = ChoiceField("Order", choices=[("asc", "Ascending"), ("desc", "Descending")],
                            default="asc", invalid_choice_message="Choose ascending or descending.")

    def __init__(self, formdata: Any, strategies: list[tuple[str, str]], tiers: list[tuple[str, str]],
                 seasons: list[int], current: int) -> None:
        super().__init__(formdata)
        self.strategy.choices = options([("", "Any strategy"), *strategies])
        self.tier.choices = options([("", "Any tier"), *tiers])
        self.season.choices = options([*((str(s), str(s)) for s in seasons),
                                       (ALL_SEASONS, "All seasons")])
        self.current = str(current)
        if not self.season.data:  # the list opens on the season being worked on
            self.season.data = self.current

    def chosen_season(self) -> int | None:
        """The season to list (None: all of them); the current one when none valid is chosen."""
        value = self.value("season") or self.current
        return None if value == ALL_SEASONS else int(value)

    def value(self, name: str) -> str | None:
        """A filter's value if it is valid, else None (the filter is then not applied)."""
        field = self[name]
        return (field.data or "").strip() or None if not field.errors else None
