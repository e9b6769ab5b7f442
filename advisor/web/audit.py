"""The audit log for admins: who did what to which record, filtered, newest first."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from wtforms import DateField, Form, SearchField
from wtforms.validators import Length, Optional, ValidationError

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.extensions import db
from advisor.services import audit
from advisor.services.students import students_by_id
from advisor.web.forms.student_forms import ChoiceField, options
from advisor.web.paging import page_number

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

PER_PAGE = 50


class AuditFilterForm(Form):
    """The log's filters, read from the query string (a GET form: no CSRF token)."""

    actor = SearchField("Actor contains", [Optional(), Length(max=254)])
    action = ChoiceField("Action", invalid_choice_message="Choose an action from the list.")
    object_type = ChoiceField("Object type", invalid_choice_message="Choose a type from the list.")
    object_id = SearchField("Object id", [Optional(), Length(max=64)])
    since = DateField("From (UTC)", [Optional()])
    until = DateField("To (UTC)", [Optional()])

    def __init__(self, formdata: Any) -> None:
        super().__init__(formdata)
        self.action.choices = options([("", "Any action"),
                                       *((a, a) for a in audit.actions_in_use())])
        self.object_type.choices = options([("", "Any type"),
                                            *((t, t) for t in audit.object_types_in_use())])

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")

    def value(self, name: str) -> Any:
        """A filter's value if it is valid, else None (the filter is then not applied)."""
        field = self[name]
        if field.errors:
            return None
        return field.data.strip() or None if isinstance(field.data, str) else field.data


FILTERS = ("actor", "action", "object_type", "object_id", "since", "until")


@bp.get("")
@role_required(Role.ADMIN)
def index():
    filters = AuditFilterForm(request.args)
    filters.validate()
    values = {name: filters.value(name) for name in FILTERS}
    page = db.paginate(audit.entry_query(**values), page=page_number(), per_page=PER_PAGE,
                       error_out=False)
    filtered = any(value is not None for value in values.values())
    status = 400 if filters.errors else 200
    return render_template("admin/audit.html", page=page, filters=filters, filtered=filtered,
                           students=students_by_id(_student_ids(page.items))), status


def _student_ids(entries: list[Any]) -> list[int]:
    return [int(e.object_id) for e in entries
            if e.object_type == "student" and e.object_id and e.object_id.isdigit()]
