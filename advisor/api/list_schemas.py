"""Request and response schemas of the working-list API (advisor.api.working_list)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from advisor.api.schemas import described
from advisor.enums import ApplicationStatus
from advisor.models.working_list import NOTE_MAX, REASON_MAX
from advisor.validation import Code, WholeNumber

# One request changes at most this many programs: a season's list is 50 to 150.
MAX_CHANGES = 1000


def _flag(text: str) -> fields.Boolean:
    return fields.Boolean(truthy={True}, falsy={False}, metadata=described(text),
                          error_messages={"invalid": "is not true or false"})


class WorkingListEntrySchema(Schema):
    acgme_id = fields.String(required=True)
    pinned = fields.Boolean(required=True, metadata=described("Always listed"))
    excluded = fields.Boolean(required=True, metadata=described("Never listed"))
    exclude_reason = fields.String(required=True, metadata=described(
        "Why it is excluded; empty when it is not"))
    note = fields.String(required=True, metadata=described("The advisor's note; may be empty"))
    status = Code(ApplicationStatus, required=True, allow_none=True, metadata=described(
        "How far the application got; null: not applied yet"))
    updated_at = fields.DateTime(required=True)


class WorkingListSchema(Schema):
    student_id = fields.Integer(required=True)
    season = fields.Integer(required=True, metadata=described(
        "The student's season, else the office's current one"))
    version = fields.Integer(required=True, metadata=described(
        "Send it back with a change; a stale one gets 409"))
    entries = fields.List(fields.Nested(WorkingListEntrySchema), required=True, metadata=described(
        "Only programs the advisor said something about, by ACGME id"))


class WorkingListChangeItemSchema(Schema):
    class Meta:
        unknown = RAISE

    acgme_id = fields.String(required=True, validate=validate.Length(min=1, max=32),
                             metadata=described("The program's ACGME id"))
    pinned = _flag("true: always list it (clears an exclusion); false: unpin")
    excluded = _flag("true: never list it (needs exclude_reason; clears a pin); false: undo")
    exclude_reason = fields.String(validate=validate.Length(max=REASON_MAX), metadata=described(
        "Why it is excluded; required with excluded: true"))
    note = fields.String(allow_none=True, validate=validate.Length(max=NOTE_MAX),
                         metadata=described("The advisor's note; empty or null removes it"))
    status = Code(ApplicationStatus, allow_none=True, metadata=described(
        "How far the application got; null: not applied yet"))


class WorkingListChangeSchema(Schema):
    class Meta:
        unknown = RAISE

    version = WholeNumber(required=True, minimum=0, maximum=2**31 - 1, metadata=described(
        "The version of the list you read (0 for a list never edited)"))
    entries = fields.List(fields.Nested(WorkingListChangeItemSchema), required=True,
                          validate=validate.Length(min=1, max=MAX_CHANGES), metadata=described(
                              "The changes, one program each; fields left out stay as they are"))
