"""The working-list cell of each listed program on the staff advice page, as HTML built in
Python like the rest of the list's rows (advisor.web.advice_rows).

The cell goes into the cached advice, which is shared by every advisor's session, so the
forms carry CSRF_SLOT where the token goes; the view puts the viewer's own token there when it
sends the page (advisor.web.advice._around_advice). The forms are plain POSTs: they work
without JavaScript and come back to the row's anchor.
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup, escape

from advisor.enums import ApplicationStatus
from advisor.models import ListEntry
from advisor.models.working_list import NOTE_MAX, REASON_MAX
from advisor.web.worklist_view import WorklistView

# Replaced by the viewer's CSRF token when the page is sent; never a valid token itself.
CSRF_SLOT = "@@csrf-token@@"


def row_anchor(acgme_id: str) -> str:
    return f"p-{acgme_id}"


def hidden_fields(view: WorklistView) -> str:
    """What every list form sends: the token, the list's version as the page showed it, and
    the filters and sort to come back to."""
    back = "".join(f'<input type="hidden" name="back_{name}" value="{escape(value)}">'
                   for name, value in view.query.args().items())
    return (f'<input type="hidden" name="csrf_token" value="{CSRF_SLOT}">'
            f'<input type="hidden" name="version" value="{view.version}">{back}')


def hidden_fields_markup(view: WorklistView) -> Markup:
    return Markup(hidden_fields(view))  # noqa: S704 - every value is escaped


def _form(action: str, hidden: str, body: str) -> str:
    # No accessible name: named forms become landmarks, and 300 of them would drown the
    # page's own; each button names its program instead.
    return f'<form method="post" action="{action}" class="worklist-form">{hidden}{body}</form>'



def state_html(entry: ListEntry | None) -> str:
    """Badges and the note: what a viewer sees of the program's entry."""
    if entry is None:
        return ""
    parts = []
    if entry.pinned:
        parts.append('<span class="badge pinned">Pinned</span>')
    if entry.status is not None:
        parts.append(f'<span class="badge status status-{entry.status.value}">'
                     f"{escape(entry.status.label)}</span>")
    if entry.note:
        parts.append(f'<p class="worklist-note">{escape(entry.note)}</p>')
    return " ".join(parts)


@cache  # one string per status: every listed program's cell has the drop-down
def status_options(current: ApplicationStatus | None) -> str:
    options = [f'<option value=""{" selected" if current is None else ""}>Not applied yet</option>']
    options += [f'<option value="{s.value}"{" selected" if s is current else ""}>'
                f"{escape(s.label)}</option>" for s in ApplicationStatus]
    return "".join(options)


def worklist_cell(view: WorklistView, acgme_id: str, name: str, action: str,
                  near: str = "", hidden: str | None = None) -> str:
    """The cell of one listed program: its state, and for an advisor one form with the
    controls (pin, status and note, exclude), whose button says what to do. `action` is the
    address the form posts to; `near` the row the answer to an exclusion goes in. No field
    submits on Enter (the reason is a textarea), so a reason typed and entered never pins
    instead; only Exclude asks for the reason. `hidden` is `hidden_fields(view)`, which a
    table of many rows writes once."""
    entry = view.entry(acgme_id)
    state = state_html(entry)
    if not view.editable:
        return f'<td class="worklist">{state}</td>'
    label = escape(name)
    pinned = entry is not None and entry.pinned
    status = entry.status if entry is not None else None
    note = entry.note if entry is not None else ""
    controls = (
        f'<button type="submit" name="action" value="{"unpin" if pinned else "pin"}" '
        f'formnovalidate class="button small">{"Unpin" if pinned else "Pin"}'
        f'<span class="visually-hidden"> {label}</span></button>'
        "<details><summary>Status and note</summary>"
        f'<label>Status <select name="status">{status_options(status)}</select></label>'
        f'<label>Note <textarea name="note" rows="2" maxlength="{NOTE_MAX}">{escape(note)}'
        '</textarea></label><button type="submit" name="action" value="save" formnovalidate '
        'class="button small">Save<span class="visually-hidden"> status and note for '
        f"{label}</span></button></details>"
        "<details><summary>Exclude</summary>"
        f'<label>Reason <textarea name="reason" rows="1" required maxlength="{REASON_MAX}">'
        '</textarea></label><button type="submit" name="action" value="exclude" '
        f'class="button small">Exclude<span class="visually-hidden"> {label}</span></button>'
        "</details>")
    if hidden is None:
        hidden = hidden_fields(view)
    hidden += f'<input type="hidden" name="next" value="{escape(near)}">'
    return f'<td class="worklist">{state}{_form(action, hidden, controls)}</td>'


def undo_exclude_form(view: WorklistView, action: str, name: str) -> Markup:
    """The undo button of one program in the "Excluded by you" list."""
    label = escape(name)
    return Markup(_form(  # noqa: S704 - every value is escaped
        action, hidden_fields(view),
        '<button type="submit" name="action" value="include" class="button small">'
        f'Undo<span class="visually-hidden"> the exclusion of {label}</span></button>'))
