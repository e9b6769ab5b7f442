"""The office's notes on catalog programs: read them, and save one unless it changed since the
editor's page was drawn."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from advisor.extensions import db
from advisor.models import ProgramNote
from advisor.models.columns import utcnow
from advisor.services.audit import record

MAX_LENGTH = 2000
# The version an editor sees for a program that has never had a note.
NO_NOTE_VERSION = 0


class NoteConflict(Exception):
    """The note changed since the editor loaded it; nothing was saved."""

    def __init__(self) -> None:
        super().__init__("Someone else saved this note since you opened the page; your text "
                         "is below, not saved. The note as it stands now is shown above it. "
                         "Review and save again.")


def get_note(acgme_id: str) -> ProgramNote | None:
    """The program's note row, if one was ever saved (its text may be empty: cleared)."""
    return db.session.scalar(select(ProgramNote).where(ProgramNote.acgme_id == acgme_id))


def version_of(note: ProgramNote | None) -> int:
    return note.version if note is not None else NO_NOTE_VERSION


def noted(acgme_ids: Iterable[str]) -> set[str]:
    """Those of `acgme_ids` that have a note, for the catalog list's marker."""
    wanted = set(acgme_ids)
    if not wanted:
        return set()
    return set(db.session.scalars(select(ProgramNote.acgme_id).where(
        ProgramNote.acgme_id.in_(wanted), ProgramNote.text != "")))


def save_note(acgme_id: str, text: str, expected_version: int | None, author: str) -> ProgramNote:
    """Store `text` (stripped; empty clears the note) as the program's note, audited.

    `expected_version` is the version the editor's page showed. Raises NoteConflict when it is
    not the stored one, or when another save lands between this check and the write; either
    way nothing is saved. The caller commits.
    """
    note = get_note(acgme_id)
    if expected_version is None or expected_version != version_of(note):
        raise NoteConflict()
    text = text.strip()
    try:
        if note is None:
            note = ProgramNote(acgme_id=acgme_id, text=text, updated_by=author)
            db.session.add(note)
        else:
            note.text = text
            note.updated_by = author
            note.updated_at = utcnow()  # the row is written, and its version moves, every save
        db.session.flush()
    except (StaleDataError, IntegrityError):
        # Another save got there first: a newer version, or the first note of the program.
        db.session.rollback()
        raise NoteConflict() from None
    record("program_note_cleared" if not text else "program_note_saved", "program", acgme_id,
           f"version {note.version}, {len(text)} characters")
    return note
