"""The program browse filters (a GET form) and the catalog upload form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SearchField, SelectChoice, \
    SelectField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from advisor.enums import US_STATES, ProgramType, Specialty
from advisor.profile_schema import MAX_ATTEMPTS
from advisor.services.program_notes import MAX_LENGTH as NOTE_MAX_LENGTH
from advisor.services.programs import Known, ProgramFilters, regions

KNOWN_CHOICES = [("", "Any"), (Known.YES.value, "Yes"), (Known.NO.value, "No"),
                 (Known.UNKNOWN.value, "Unknown")]
SORT_CHOICES = [
    ("name", "Name"), ("state", "State"), ("img_share", "IMG share"),
    ("step2_min", "Step 2 CK minimum"), ("step2_median", "Step 2 CK median"),
    ("positions", "Positions"),
]


def _options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _choice(label: str, choices: list[tuple[str, str]], what: str, **kwargs: Any) -> SelectField:
    return SelectField(label, choices=_options(choices), default=kwargs.pop("default", ""),
                       validators=[Optional()],
                       invalid_choice_message=f"Choose {what} from the list.", **kwargs)


def _within(low: int, high: int) -> Any:
    def check(_form: FlaskForm, field: IntegerField) -> None:
        # A value that is not a number at all already has its message.
        if field.data is not None and not low <= field.data <= high:
            raise ValidationError(f"Enter a number from {low} to {high}.")
    return check


def _whole(label: str, low: int, high: int, example: int) -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), _within(low, high)],
        invalid_value_message=f"Enter a whole number, such as {example}.",
        render_kw={"min": low, "max": high, "inputmode": "numeric"},
    )


class ProgramFilterForm(FlaskForm):
    """Read from the query string, so a filtered list can be bookmarked and shared."""

    class Meta:
        csrf = False  # a GET form changes nothing

    q = SearchField("Name, institution or city",
                    [Optional(), Length(max=100, message="Search with at most 100 characters.")],
                    render_kw={"autocomplete": "off"})
    specialty = _choice("Specialty", [("", "Any specialty"), *Specialty.choices()],
                        "a specialty")
    region = _choice("Region", [], "a region")
    state = _choice("State", [("", "Any state"), *((s, s) for s in US_STATES)], "a state")
    program_type = _choice("Program type", [("", "Any type"), *ProgramType.choices()],
                           "a program type")
    visa_j1 = _choice("Sponsors J-1", KNOWN_CHOICES, "yes, no or unknown")
    visa_h1b = _choice("Sponsors H-1B", KNOWN_CHOICES, "yes, no or unknown")
    min_img_share = _whole("Minimum IMG share (%)", 0, 100, 30)
    min_non_us_img_share = _whole("Minimum non-US IMG share (%)", 0, 100, 20)
    years_out = _whole("Years since graduation", 0, 60, 5)
    attempts = _whole("Attempts at one Step", 1, MAX_ATTEMPTS, 2)
    usce_required = _choice("Requires US clinical experience", KNOWN_CHOICES, "yes, no or unknown")
    step2_from = _whole("Step 2 CK minimum from", 1, 300, 200)
    step2_to = _whole("Step 2 CK minimum to", 1, 300, 230)
    include_unscreened = BooleanField("With a Step 2 CK range, also show programs that state "
                                      "no minimum")
    sort = _choice("Sort by", SORT_CHOICES, "a sort order", default="name")
    direction = _choice("Order", [("asc", "Ascending"), ("desc", "Descending")],
                        "ascending or descending", default="asc")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region.choices = _options([("", "Any region"), *(
            (slug, region.name) for slug, region in regions().items())])

    @property
    def sort_label(self) -> str:
        return dict(SORT_CHOICES).get(self.sort.data or "", "name")

    def validate_step2_to(self, field: IntegerField) -> None:
        low = self.step2_from.data
        if field.data is not None and low is not None and field.data < low \
                and not self.step2_from.errors:
            raise ValidationError(f"Must not be below the \"from\" value ({low}).")

    def filters(self) -> ProgramFilters:
        """The checked filters; call after validate()."""
        return ProgramFilters(
            specialty=Specialty(self.specialty.data) if self.specialty.data else None,
            region=self.region.data or None,
            state=self.state.data or None,
            program_type=ProgramType(self.program_type.data) if self.program_type.data else None,
            visa_j1=Known(self.visa_j1.data) if self.visa_j1.data else None,
            visa_h1b=Known(self.visa_h1b.data) if self.visa_h1b.data else None,
            min_img_share_percent=self.min_img_share.data,
            min_non_us_img_share_percent=self.min_non_us_img_share.data,
            text=(self.q.data or "").strip() or None,
            years_since_graduation=self.years_out.data,
            attempts=self.attempts.data,
            usce_required=Known(self.usce_required.data) if self.usce_required.data else None,
            step2_min_from=self.step2_from.data,
            step2_min_to=self.step2_to.data,
            include_unscreened=bool(self.include_unscreened.data),
            sort=self.sort.data or "name",
            descending=self.direction.data == "desc",
        )


class StudentFitForm(FlaskForm):
    """Which student's fit a program page (or the comparison) shows: a GET form."""

    class Meta:
        csrf = False

    student = _choice("Student", [], "a student")

    def __init__(self, *args: Any, students: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.student.choices = _options([("", "Choose a student…"), *(
            (str(student.id), student.name) for student in students)])

    def chosen(self) -> int | None:
        """The chosen student's id; call after validate()."""
        return int(self.student.data) if self.student.data else None


class CatalogUploadForm(FlaskForm):
    file = FileField("Catalog CSV file", validators=[
        FileRequired("Choose a CSV file to upload."),
        FileAllowed(["csv", "txt"], "Choose a CSV file (its name ends in .csv)."),
    ])
    dry_run = BooleanField("Only check the file and report what would change; import nothing")
    submit = SubmitField("Upload and import")


class ProgramNoteForm(FlaskForm):
    """The office's note on a program, with the version the page showed (optimistic locking)."""

    text = TextAreaField(
        "Office note",
        validators=[Length(max=NOTE_MAX_LENGTH, message=(
            f"The note can be at most {NOTE_MAX_LENGTH} characters long; shorten it."))],
        render_kw={"rows": 4, "maxlength": NOTE_MAX_LENGTH})
    version = HiddenField()
    submit = SubmitField("Save the note")

    def expected_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None
