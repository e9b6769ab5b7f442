"""The answer to a working-list edit, shown in the list where the advisor was working: in the
program's row (or, after an exclusion, the row that took its place), not at the top of a long
page. A refused edit also comes back as a copy of the row's form, filled in with what
was typed, so nothing has to be typed twice.

The advice is cached and shared by every session, so the message is kept in the viewer's own
session and put into the page's bytes when it is sent (advisor.web.advice._around_advice).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from flask import session, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from advisor.enums import ApplicationStatus
from advisor.models.working_list import NOTE_MAX, REASON_MAX
from advisor.web.worklist_rows import row_anchor, status_options

# The element the edit's redirect goes to.
MESSAGE_ANCHOR = "list-message"
_KEY = "worklist_message"
# Where the message goes when its row is not shown (filtered out, or no longer listed).
_HEADING = b'<h2 id="list-heading">Recommended application list</h2>'
# The working-list cell of a program's row (advisor.web.worklist_rows.worklist_cell).
_CELL = b'<td class="worklist">'

BUTTONS = {"pin": "Pin", "unpin": "Unpin", "exclude": "Exclude", "include": "Undo the exclusion",
           "save": "Save status and note"}


@dataclass(frozen=True, slots=True)
class Retry:
    """What a refused edit sent, to offer it again: the button, and the status, note and
    reason fields the form sent, as typed."""

    acgme_id: str
    name: str
    action: str
    next: str = ""
    typed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ListMessage:
    student_id: int
    category: str
    text: str
    # The program whose row the message goes in.
    before: str = ""
    retry: Retry | None = None


def remember(message: ListMessage) -> None:
    session[_KEY] = asdict(message)


def take_message(student_id: int) -> ListMessage | None:
    """The message for this student's page, once."""
    data: dict[str, Any] | None = session.get(_KEY)
    if not isinstance(data, dict) or data.get("student_id") != student_id:
        return None
    session.pop(_KEY, None)
    try:
        retry = data.get("retry")
        return ListMessage(
            student_id, str(data["category"]), str(data["text"]), str(data.get("before", "")),
            Retry(**retry) if retry else None)
    except (KeyError, TypeError):
        return None


def place_message(advice: bytes, message: ListMessage, version: int,
                  back: dict[str, str]) -> bytes:
    """The advice with the message in its row's working-list cell (the table keeps one row a
    program), else under the list's heading."""
    body = (f'<p class="flash flash-{escape(message.category)}">{escape(message.text)}</p>'
            + (_retry_form(message, version, back) if message.retry else ""))
    html = f'<div class="list-message" id="{MESSAGE_ANCHOR}" role="status">{body}</div>'
    row = f'<tr id="{row_anchor(str(escape(message.before)))}">'.encode()
    start = advice.find(row) if message.before else -1
    cell = advice.find(_CELL, start, advice.find(b"</tr>", start)) if start >= 0 else -1
    if cell >= 0:
        at = cell + len(_CELL)
    else:
        at = advice.find(_HEADING)
        if at < 0:
            return html.encode() + advice
        at += len(_HEADING)
    return advice[:at] + html.encode() + advice[at:]


def _retry_form(message: ListMessage, version: int, back: dict[str, str]) -> str:
    retry = message.retry
    assert retry is not None
    action = url_for("working_list.edit", student_id=message.student_id, acgme_id=retry.acgme_id)
    hidden = (f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">'
              f'<input type="hidden" name="version" value="{version}">'
              f'<input type="hidden" name="next" value="{escape(retry.next)}">'
              + "".join(f'<input type="hidden" name="back_{escape(k)}" value="{escape(v)}">'
                        for k, v in back.items()))
    typed = retry.typed
    controls = ""
    if "status" in typed:
        status = (ApplicationStatus(typed["status"]) if typed["status"] in ApplicationStatus.codes()
                  else None)
        controls += f'<label>Status <select name="status">{status_options(status)}</select></label>'
    if "note" in typed:
        controls += (f'<label>Note <textarea name="note" rows="2" maxlength="{NOTE_MAX}">'
                     f"{escape(typed['note'])}</textarea></label>")
    if "reason" in typed:
        controls += (f'<label>Reason <textarea name="reason" rows="1" maxlength="{REASON_MAX}">'
                     f"{escape(typed['reason'])}</textarea></label>")
    return (f'<form method="post" action="{escape(action)}" class="worklist-form worklist-retry">'
            f"{hidden}<p>Your change to {escape(retry.name)}, as you typed it:</p>{controls}"
            f'<button type="submit" name="action" value="{escape(retry.action)}" '
            f'class="button small">{BUTTONS.get(retry.action, "Save")}'
            f'<span class="visually-hidden"> {escape(retry.name)}</span></button></form>')
