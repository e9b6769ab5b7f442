"""The student profile's JSON shape, validated with marshmallow.

The CLI's `assess`, the demo students and the API all read profiles through `parse_profile`,
which returns a plain dict with enums and numbers in place, or raises `ProfileError` whose
lines name each bad field, e.g. `step2ck.score: "abc" is not a whole number`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates_schema,
)

from advisor.enums import (
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
from advisor.geo import lookup_zip
from advisor.validation import (
    Code,
    Decimal,
    FieldErrors,
    StateCode,
    WholeNumber,
    YesNo,
    Zip,
    flatten_errors,
    plain_text,
)

MAX_ATTEMPTS = 6
# Fifty years: longer than any career a gap could sit in.
MAX_GAP_MONTHS = 600
SCORE_RANGE = {"minimum": 1, "maximum": 300}
EARLIEST_GRADUATION = 1960
# Students may be entered a few years before they graduate.
GRADUATION_YEARS_AHEAD = 6


class ProfileError(FieldErrors):
    """An invalid profile; `lines` holds one `field: problem` message per error."""


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class _Located(_Strict):
    state = StateCode(load_default=None, allow_none=True)
    zip = Zip(load_default=None, allow_none=True)

    @validates_schema
    def _zip_matches_state(self, data: dict[str, Any], **_: Any) -> None:
        place = lookup_zip(data.get("zip"))
        if place and data.get("state") and place.state != data["state"]:
            raise ValidationError(f"{place.zip} is in {place.state}, not {data['state']}", "zip")

    @post_load
    def _state_from_zip(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        place = lookup_zip(data.get("zip"))
        if place and not data.get("state"):
            data["state"] = place.state
        return data


class Step1Schema(_Strict):
    result = Code(Step1Result, required=True)
    attempts = WholeNumber(minimum=0, maximum=MAX_ATTEMPTS, load_default=None, allow_none=True)
    score = WholeNumber(load_default=None, allow_none=True, **SCORE_RANGE)

    @post_load
    def _default_attempts(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if data["attempts"] is None:
            data["attempts"] = 0 if data["result"] is Step1Result.NOT_TAKEN else 1
        return data

    @validates_schema
    def _attempts_fit_result(self, data: dict[str, Any], **_: Any) -> None:
        attempts, result = data.get("attempts"), data.get("result")
        if attempts is None or result is None:
            return
        if result is Step1Result.NOT_TAKEN and attempts > 0:
            raise ValidationError("must be 0 when Step 1 is not taken", "attempts")
        if result is not Step1Result.NOT_TAKEN and attempts == 0:
            raise ValidationError(f"must be at least 1 for a Step 1 {result.value}", "attempts")


class Step2Schema(_Strict):
    score = WholeNumber(load_default=None, allow_none=True, **SCORE_RANGE)
    attempts = WholeNumber(minimum=0, maximum=MAX_ATTEMPTS, load_default=None, allow_none=True)

    @post_load
    def _default_attempts(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if data["attempts"] is None:
            data["attempts"] = 1 if data["score"] is not None else 0
        return data

    @validates_schema
    def _score_needs_attempt(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("score") is not None and data.get("attempts") == 0:
            raise ValidationError("must be at least 1 when a score is given", "attempts")


class Step3Schema(_Strict):
    score = WholeNumber(load_default=None, allow_none=True, **SCORE_RANGE)
    passed = YesNo(load_default=None, allow_none=True)


class TrainingGapSchema(_Strict):
    """Months since graduation out of clinical training or practice (0: no gap), and whether
    the student can account for them. Each None: not recorded."""

    months = WholeNumber(minimum=0, maximum=MAX_GAP_MONTHS, load_default=None, allow_none=True)
    explained = YesNo(load_default=None, allow_none=True)

    @validates_schema
    def _explained_needs_a_gap(self, data: dict[str, Any], **_: Any) -> None:
        months, explained = data.get("months"), data.get("explained")
        if explained is None:
            return
        if months is None:
            raise ValidationError("required when explained is given", "months")
        if months == 0:
            raise ValidationError("must be blank when there is no gap (months is 0)", "explained")


class EnglishSchema(_Strict):
    """OET Medicine (which ECFMG certification asks for) and the advisor's view of spoken
    English. Each None: not recorded."""

    oet = Code(OetStatus, load_default=None, allow_none=True)
    spoken = Code(SpokenEnglish, load_default=None, allow_none=True)


class ExperienceSchema(_Located):
    kind = Code(ExperienceKind, required=True)
    months = Decimal(required=True, minimum=0, maximum=120)
    specialty = Code(Specialty, load_default=None, allow_none=True)


class LetterSchema(_Located):
    specialty = Code(Specialty, load_default=None, allow_none=True)


class TieSchema(_Located):
    kind = Code(TieKind, required=True)


def _language(value: str) -> bool:
    return bool(value.strip()) and len(value) <= 40


class ProfileSchema(_Strict):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), plain_text])
    citizenship = Code(Citizenship, required=True)
    # Required for a non-US citizen (a blank once read as "none" put visa-needing students in
    # the wrong population); a US citizen or permanent resident needs none.
    visa_needed = Code(VisaNeed, load_default=None)
    step1 = fields.Nested(Step1Schema, required=True)
    step2ck = fields.Nested(Step2Schema, required=True)
    step3 = fields.Nested(Step3Schema, required=True)
    graduation_year = WholeNumber(required=True)
    training_gap = fields.Nested(TrainingGapSchema, required=True)
    english = fields.Nested(EnglishSchema, required=True)
    ecfmg_status = Code(EcfmgStatus, load_default=None, allow_none=True)
    clinical_experience = fields.List(fields.Nested(ExperienceSchema), load_default=list,
                                      validate=validate.Length(max=50))
    us_letters = fields.List(fields.Nested(LetterSchema), load_default=list,
                             validate=validate.Length(max=30))
    publications = WholeNumber(minimum=0, maximum=1000, load_default=0)
    languages = fields.List(
        fields.String(validate=[validate.Predicate("__len__", error="must not be empty"),
                                plain_text]),
        load_default=list, validate=validate.Length(max=20))
    ties = fields.List(fields.Nested(TieSchema), load_default=list,
                       validate=validate.Length(max=30))
    specialty = Code(Specialty, required=True)
    backup_specialty = Code(Specialty, load_default=None, allow_none=True)
    target_regions = fields.List(fields.String(validate=[validate.Length(min=1, max=40),
                                                         plain_text]),
                                 load_default=list, validate=validate.Length(max=20))

    @pre_load
    def _nested_defaults(self, data: Any, **_: Any) -> Any:
        # A missing or null exam reads as "not taken", and still gets its nested defaults; a
        # missing or null training gap or English reads as "not recorded".
        if isinstance(data, dict):
            data = dict(data)
            for key, empty in (("step1", {"result": "not_taken"}), ("step2ck", {}), ("step3", {}),
                               ("training_gap", {}), ("english", {})):
                if data.get(key) is None:
                    data[key] = empty
        return data

    # Run even when a field is wrong, so every problem is reported at once; a field that
    # failed its own check is missing from `data`, and each rule here skips it.
    @validates_schema(skip_on_field_errors=False)
    def _cross_field(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, Any] = {}
        year = data.get("graduation_year")
        latest = date.today().year + GRADUATION_YEARS_AHEAD
        if year is not None and not EARLIEST_GRADUATION <= year <= latest:
            errors["graduation_year"] = f"{year} is out of range: must be {EARLIEST_GRADUATION} to {latest}"
        citizenship, visa = data.get("citizenship"), data.get("visa_needed")
        if "visa_needed" not in data:
            pass  # its own error says what is wrong with it
        elif citizenship in (Citizenship.US_CITIZEN, Citizenship.PERMANENT_RESIDENT) and visa not in (None, VisaNeed.NONE):
            errors["visa_needed"] = f"must be none for a {citizenship.label.lower()}"
        elif citizenship is Citizenship.NON_US and visa is None:
            errors["visa_needed"] = ("required for a non-US citizen: one of "
                                     f"{', '.join(VisaNeed.codes())} (none if the student "
                                     "already holds a status that needs no sponsorship)")
        errors.update(_gap_fits_graduation(data))
        errors.update(_certified_fits_exams(data))
        if data.get("backup_specialty") is not None and data.get("backup_specialty") == data.get("specialty"):
            errors["backup_specialty"] = "must differ from specialty"
        for language in data.get("languages", ()):
            if not _language(language):
                errors["languages"] = f'"{language[:40]}" is not a language name'
        if errors:
            raise ValidationError(errors)

    @post_load
    def _normalise(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["name"] = data["name"].strip()
        if data["visa_needed"] is None:
            data["visa_needed"] = VisaNeed.NONE
        data["languages"] = sorted({x.strip().casefold() for x in data["languages"]})
        data["target_regions"] = list(dict.fromkeys(s.strip() for s in data["target_regions"]))
        return data


def _gap_fits_graduation(data: dict[str, Any]) -> dict[str, Any]:
    """A gap cannot be longer than the time since graduation (the year's months counted in
    full, as the month is not known)."""
    months = (data.get("training_gap") or {}).get("months")
    year = data.get("graduation_year")
    if not months or year is None:
        return {}
    most = max(0, (date.today().year - year + 1) * 12)
    if months > most:
        return {"training_gap": {"months": [f"{months} is longer than the time since "
                                            f"graduation in {year} (at most {most})"]}}
    return {}


def _certified_fits_exams(data: dict[str, Any]) -> dict[str, str]:
    """ECFMG certification needs Step 1 and Step 2 CK passed and the English test (OET
    Medicine) passed: a certified student with any of them missing is a typing mistake."""
    if data.get("ecfmg_status") is not EcfmgStatus.CERTIFIED:
        return {}
    missing = []
    if (data.get("step1") or {}).get("result") not in (Step1Result.PASS, None):
        missing.append("Step 1 passed")
    # A score that failed its own check is absent here (not None): it is not "missing".
    step2 = data.get("step2ck") or {"score": None}
    if "score" in step2 and step2["score"] is None:
        missing.append("a Step 2 CK score")
    if (data.get("english") or {}).get("oet") in (OetStatus.NOT_PASSED, OetStatus.NOT_TAKEN):
        missing.append("OET Medicine passed")
    if not missing:
        return {}
    return {"ecfmg_status": f'"certified" needs {" and ".join(missing)}, which the profile '
                            "does not show"}


_SCHEMA = ProfileSchema()


def parse_profile(document: Any) -> dict[str, Any]:
    """Validate a profile document (already decoded from JSON); raise ProfileError."""
    if not isinstance(document, dict):
        raise ProfileError(["profile: must be a JSON object"])
    try:
        return _SCHEMA.load(document)
    except ValidationError as exc:
        raise ProfileError(flatten_errors(exc.messages)) from None


def dump_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """A parsed profile back to its JSON shape (codes instead of enums)."""
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return getattr(value, "value", value)

    return plain(profile)
