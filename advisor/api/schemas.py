"""Request and response schemas of the API.

Request schemas validate (with the fields of `advisor.validation`, so messages name the value
as typed). The student profile is `ProfileSchema` itself: the one set of profile rules. Response
schemas only document: the views build their JSON with the same functions the CLI uses (e.g.
`Assessment.to_dict`), and the schemathesis test checks every response against these.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from advisor.enums import Citizenship, Factor, ProgramType, Specialty, Tier
from advisor.profile_schema import ProfileSchema
from advisor.services.programs import SORT_COLUMNS, Known
from advisor.validation import Code, StateCode, WholeNumber

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50


def _printable(text: str) -> None:
    # PostgreSQL refuses NUL in text, and no search needs a control character.
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise ValidationError("contains a control character")


def _choice(choices: list[str], **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(
        choices, error='"{input}" is not one of: {choices}'), **kwargs)


def described(text: str) -> dict[str, str]:
    """A field's metadata for the OpenAPI document: its description."""
    return {"description": text}


# Query schemas: webargs ignores a query parameter nobody defined, as links often carry extras.

class PageQuery(Schema):
    page = WholeNumber(minimum=1, maximum=1_000_000, load_default=1,
                       metadata=described("Page number, from 1; past the last page gives the last"))
    per_page = WholeNumber(minimum=1, maximum=MAX_PER_PAGE, load_default=DEFAULT_PER_PAGE,
                           metadata=described("Items per page"))


class PageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata=described("Items on all pages"))
    pages = fields.Integer(required=True)


# -------------------------------------------------------------------------------- programs

_KNOWN = ("`yes` (stated yes), `no` (stated no) or `unknown` (not stated)")


class ProgramQuery(PageQuery):
    """The program browser's filters, by the same names as in its address bar."""

    specialty = Code(Specialty)
    region = fields.String(validate=[validate.Length(min=1, max=40), _printable],
                           metadata=described("A region slug of an enabled plugin, e.g. `socal`"))
    state = StateCode()
    program_type = Code(ProgramType)
    visa_j1 = Code(Known, metadata=described(f"Sponsors J-1: {_KNOWN}"))
    visa_h1b = Code(Known, metadata=described(f"Sponsors H-1B: {_KNOWN}"))
    min_img_share = WholeNumber(minimum=0, maximum=100,
                                metadata=described("Minimum IMG share, in percent"))
    step2_from = WholeNumber(minimum=1, maximum=300,
                             metadata=described("Lowest stated Step 2 CK minimum"))
    step2_to = WholeNumber(minimum=1, maximum=300,
                           metadata=described("Highest stated Step 2 CK minimum"))
    include_unscreened = fields.Boolean(load_default=False, metadata=described(
        "With a Step 2 CK range, also keep programs that state no minimum"))
    sort = _choice(list(SORT_COLUMNS), load_default="name",
                   metadata=described("Unknown values sort last either way"))
    direction = _choice(["asc", "desc"], load_default="asc")

    @validates_schema
    def _range_in_order(self, data: dict[str, Any], **_: Any) -> None:
        low, high = data.get("step2_from"), data.get("step2_to")
        if low is not None and high is not None and high < low:
            raise ValidationError(f"{high} is below step2_from ({low})", "step2_to")


class ProgramSchema(Schema):
    acgme_id = fields.String(required=True)
    name = fields.String(required=True)
    institution = fields.String(allow_none=True)
    specialty = Code(Specialty, required=True)
    city = fields.String(allow_none=True)
    state = fields.String(required=True)
    zip = fields.String(allow_none=True)
    county = fields.String(allow_none=True, metadata=described("Derived from the ZIP code"))
    program_type = Code(ProgramType, allow_none=True)
    positions = fields.Integer(allow_none=True)
    img_share = fields.Float(allow_none=True, metadata=described("Fraction 0..1"))
    us_img_share = fields.Float(allow_none=True)
    non_us_img_share = fields.Float(allow_none=True)
    visa_j1 = fields.Boolean(allow_none=True, metadata=described("null: not stated"))
    visa_h1b = fields.Boolean(allow_none=True, metadata=described("null: not stated"))
    step2_min = fields.Integer(allow_none=True)
    step2_median = fields.Integer(allow_none=True)
    yog_max_years = fields.Integer(allow_none=True)
    attempts_max = fields.Integer(allow_none=True)
    usce_required = fields.Boolean(allow_none=True)
    new_program = fields.Boolean(allow_none=True)
    website = fields.String(allow_none=True)
    regions = fields.List(fields.String(), required=True, metadata=described(
        "Slugs of the enabled regions that contain the program"))
    fictional = fields.Boolean(required=True, metadata=described("A demo program"))
    updated_at = fields.DateTime(required=True)


class ProgramPageSchema(PageSchema):
    items = fields.List(fields.Nested(ProgramSchema), required=True)


class CatalogFileSchema(Schema):
    file = Upload(required=True, metadata=described("The catalog CSV (UTF-8; a BOM is fine)"),
                  error_messages={"required": "missing: send the CSV as the multipart/form-data "
                                              "field named file"})


class ImportQuery(Schema):
    dry_run = fields.Boolean(load_default=False, metadata=described(
        "Only check the file and report what would change"))


class ImportResultSchema(Schema):
    dry_run = fields.Boolean(required=True)
    rows = fields.Integer(required=True)
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    summary = fields.String(required=True)


# -------------------------------------------------------------------------------- students

class StudentQuery(PageQuery):
    name = fields.String(validate=[validate.Length(max=200), _printable],
                         metadata=described("Any part of the name, in any case"))


class StudentSummarySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    citizenship = Code(Citizenship, required=True)
    specialty = Code(Specialty, required=True)
    target_regions = fields.List(fields.String(), required=True)
    applicant_tier = fields.String(allow_none=True)
    version = fields.Integer(required=True)
    updated_at = fields.DateTime(required=True)


class StudentPageSchema(PageSchema):
    items = fields.List(fields.Nested(StudentSummarySchema), required=True)


class StudentSchema(Schema):
    id = fields.Integer(required=True)
    version = fields.Integer(required=True, metadata=described(
        "Send it back with an update (or as If-Match); a stale one gets 409"))
    applicant_tier = fields.String(allow_none=True, metadata=described(
        "The applicant tier as of the last save, e.g. a Pacific Coast A/B/C"))
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    profile = fields.Nested(ProfileSchema, required=True)


class StudentUpdateSchema(Schema):
    class Meta:
        unknown = RAISE

    version = WholeNumber(minimum=1, metadata=described(
        "The version you read; may instead be sent as the If-Match header"))
    profile = fields.Nested(ProfileSchema, required=True)


class IfMatchHeader(Schema):
    if_match = fields.String(data_key="If-Match", metadata=described(
        "The student's version as read, e.g. `3` (or an ETag `\"3\"`)"))


# ------------------------------------------------------------------------------ assessment

class AssessQuery(Schema):
    specialty = Code(Specialty, load_default=None, metadata=described(
        "Assess for this specialty instead of the profile's"))
    top = WholeNumber(minimum=1, maximum=1_000_000, load_default=None,
                      metadata=described("Only the N best programs in `programs`"))


class ApplicantViewSchema(Schema):
    source = fields.String(required=True)
    tier = fields.String(allow_none=True)
    tier_scale = fields.String(allow_none=True)
    flags = fields.List(fields.String(), required=True)
    summary = fields.String(required=True)


class OtherTierSchema(Schema):
    tier = fields.String(required=True)
    tier_source = fields.String(required=True)
    tier_scale = fields.String(allow_none=True)
    tier_meaning = fields.String(allow_none=True)


class ApplicantResultSchema(Schema):
    tier = fields.String(allow_none=True, metadata=described(
        "e.g. the Pacific Coast A/B/C; only a strategy the student follows gives one"))
    tier_source = fields.String(allow_none=True, metadata=described("The plugin that gave it"))
    tier_scale = fields.String(allow_none=True, metadata=described(
        'The scale\'s name, e.g. "Pacific Coast tier"'))
    tier_meaning = fields.String(allow_none=True, metadata=described(
        "What this tier means for the student"))
    other_tiers = fields.List(fields.Nested(OtherTierSchema), required=True, metadata=described(
        "Tiers from the student's other tier-giving strategies, later in their target order"))
    flags = fields.List(fields.String(), required=True)
    summary = fields.String(required=True)
    assessments = fields.List(fields.Nested(ApplicantViewSchema), required=True)


_TIERS = Tier.codes()


class ReasonSchema(Schema):
    source = fields.String(required=True, metadata=described("The core or a plugin"))
    delta = fields.Float(required=True)
    text = fields.String(required=True)
    factor = Code(Factor, required=True, metadata=described("What the adjustment judges"))
    counted = fields.Boolean(required=True, metadata=described(
        "False when another source's adjustment of the same factor was stronger: shown, "
        "but adds nothing to the score"))
    tier_cap = fields.String(validate=validate.OneOf(_TIERS))
    tier_cap_superseded = fields.Boolean(metadata=described("A stricter cap applies instead"))


class ScoredProgramSchema(Schema):
    acgme_id = fields.String(required=True)
    name = fields.String(required=True)
    specialty = Code(Specialty, required=True)
    city = fields.String(allow_none=True)
    state = fields.String(required=True)
    county = fields.String(allow_none=True)
    program_type = Code(ProgramType, allow_none=True)
    regions = fields.List(fields.String(), required=True)
    tier = fields.String(required=True, validate=validate.OneOf(_TIERS))
    score = fields.Float(required=True)
    chance = fields.Float(required=True, metadata=described(
        "The probability (0-1) that this program invites this student to interview"))
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)


class RangeSchema(Schema):
    min = fields.Integer(required=True)
    max = fields.Integer(required=True)


class RegionCapSchema(Schema):
    region = fields.String(allow_none=True)
    states = fields.List(fields.String(), required=True)
    max = fields.Integer(allow_none=True)
    min = fields.Integer(required=True)
    label = fields.String(required=True)


class ListEntrySchema(Schema):
    acgme_id = fields.String(required=True)
    name = fields.String(required=True)
    specialty = Code(Specialty, required=True)
    tier = fields.String(required=True, validate=validate.OneOf(_TIERS))
    score = fields.Float(required=True)
    chance = fields.Float(required=True, metadata=described("The interview chance, 0-1"))
    state = fields.String(required=True)
    regions = fields.List(fields.String(), required=True)


class PlanSchema(Schema):
    total = fields.Nested(RangeSchema, required=True, metadata=described("How many programs to apply to"))
    shares = fields.Dict(keys=fields.String(), values=fields.List(fields.Float()), required=True,
                         metadata=described("Tier -> [low, high] fraction of the list"))
    caps = fields.List(fields.Nested(RegionCapSchema), required=True)
    list = fields.List(fields.Nested(ListEntrySchema), required=True)
    expected_interviews = fields.Float(required=True, metadata=described(
        "The sum of the listed programs' interview chances"))
    interview_goal = fields.Float(required=True, metadata=described(
        "The interviews the list aims for (8 for IM, FM, pediatrics and psychiatry)"))
    headline = fields.List(fields.String(), required=True, metadata=described(
        "Plain sentences for the top of the plan: whether it is likely to work"))
    remedies = fields.List(fields.String(), required=True, metadata=described(
        "What else would help, when the expected interviews miss the goal"))
    shortfalls = fields.List(fields.String(), required=True)
    notes = fields.List(fields.String(), required=True)


class AdviceSectionSchema(Schema):
    source = fields.String(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True, metadata=described("Markdown"))
    theme = fields.String(allow_none=True)


class PluginWarningSchema(Schema):
    source = fields.String(required=True)
    message = fields.String(required=True)


class AssessmentSchema(Schema):
    """Exactly what `flask --app advisor assess` prints."""

    applicant = fields.Nested(ApplicantResultSchema, required=True)
    strategies = fields.List(fields.String(), required=True, metadata=described(
        "The plugins that speak in the plan and the advice"))
    programs = fields.List(fields.Nested(ScoredProgramSchema), required=True,
                           metadata=described("Best first"))
    plan = fields.Nested(PlanSchema, required=True)
    advice = fields.List(fields.Nested(AdviceSectionSchema), required=True)
    warnings = fields.List(fields.Nested(PluginWarningSchema), required=True, metadata=described(
        "Plugins that failed and were skipped"))


# --------------------------------------------------------------------------------- plugins

class RegionRefSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class PluginSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    enabled = fields.Boolean(required=True)
    state = fields.String(required=True, validate=validate.OneOf(
        ["enabled", "disabled", "failed to load"]))
    hooks = fields.List(fields.String(), required=True)
    regions = fields.List(fields.Nested(RegionRefSchema), required=True)
