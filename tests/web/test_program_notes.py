"""The office's notes on programs: advisors write them, everyone reads them, a stale page
saves nothing, and a catalog upload leaves them in place."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select, update

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import AuditEntry, Program, ProgramNote
from advisor.services import program_notes

from tests.web.test_programs import LA, SF, catalog, csv_bytes, good_row, listed, sync_uploads, \
    upload  # noqa: F401


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


def note_box(client, acgme_id: str) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    """The note section of the program page as text, and the version its form carries."""
    page = page_text(client.get(f"/programs/{acgme_id}"))
    section = re.search(r'<section class="card program-note".*?</section>', page, re.S).group(0)
    version = re.search(r'name="version"[^>]*value="(\d+)"', section) \
        or re.search(r'value="(\d+)"[^>]*name="version"', section)
    return " ".join(re.sub(r"<[^>]+>", " ", section).split()), version and version.group(1)


def save(client, acgme_id: str, text: str, version: str | None):  # type: ignore[no-untyped-def]
    return client.post(f"/programs/{acgme_id}/note", data={"text": text, "version": version})


def test_an_advisor_adds_a_note_that_viewers_read_on_the_page_and_see_marked_in_the_list(
        login, catalog):
    advisor, viewer = login(Role.ADVISOR, "ada@office.test"), login(Role.VIEWER)
    shown, version = note_box(advisor, LA)
    assert "No note on this program" in shown and version == "0"
    response = save(advisor, LA, "  Call Dr. Lee before applying;\nthey read every letter.  ",
                    version)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/{LA}#note")

    shown, version = note_box(viewer, LA)
    assert "Call Dr. Lee before applying; they read every letter." in shown
    assert "Last saved by ada@office.test" in shown
    assert version is None, "a viewer gets no form"
    assert "Call Dr. Lee before applying;\nthey read every letter." in page_text(viewer.get(f"/programs/{LA}"))

    listing = page_text(viewer.get("/programs/"))
    marks = re.findall(r'href="/programs/(\d+)#note">Note<span class="visually-hidden"> from the '
                       r'office on ([^<]+)</span>', listing)
    assert marks == [(LA, "Eastside IM")]
    assert listed(viewer.get("/programs/")).count(LA) == 1  # the mark is not a second entry

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "program_note_saved"))
    assert (entry.actor, entry.object_type, entry.object_id) == ("ada@office.test", "program", LA)


def test_viewers_cannot_write_notes(viewer_client, catalog):
    assert save(viewer_client, LA, "mine", "0").status_code == 403
    assert db.session.scalar(select(ProgramNote)) is None


def test_an_edit_from_a_stale_page_saves_nothing_and_says_so(login, catalog):
    first, second = login(Role.ADVISOR, "one@office.test"), login(Role.ADVISOR, "two@office.test")
    _, opened = note_box(first, LA)
    _, also_opened = note_box(second, LA)
    assert save(first, LA, "Takes J-1 only.", opened).status_code == 302

    refused = save(second, LA, "Prefers US clinical experience.", also_opened)
    assert refused.status_code == 409
    page = page_text(refused)
    assert "Someone else saved this note since you opened the page" in page
    assert "Takes J-1 only." in page  # the note as it stands
    assert "Prefers US clinical experience.</textarea>" in page  # their text, to review
    assert db.session.scalar(select(ProgramNote.text)) == "Takes J-1 only."

    # Saved again from the refreshed form, it goes through.
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page)
    assert save(second, LA, "Prefers US clinical experience.",
                version.group(1) or version.group(2)).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(ProgramNote.text)) == "Prefers US clinical experience."


def test_a_cleared_note_is_gone_from_the_page_and_the_list_and_a_page_from_before_cannot_undo_it(
        advisor_client, catalog):
    _, version = note_box(advisor_client, SF)
    save(advisor_client, SF, "Old advice.", version)
    _, before_clearing = note_box(advisor_client, SF)
    assert save(advisor_client, SF, "   ", before_clearing).status_code == 302
    shown, _ = note_box(advisor_client, SF)
    assert "No note on this program" in shown and "Old advice." not in shown
    assert "#note" not in page_text(advisor_client.get("/programs/"))
    assert save(advisor_client, SF, "Old advice, again.", before_clearing).status_code == 409
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.action == "program_note_cleared")) == "program_note_cleared"


def test_a_note_too_long_is_refused_naming_the_field(advisor_client, catalog):
    _, version = note_box(advisor_client, LA)
    response = save(advisor_client, LA, "x" * 2001, version)
    assert response.status_code == 400
    assert "Office note" in page_text(response)
    assert "at most 2000 characters" in page_text(response)
    assert db.session.scalar(select(ProgramNote)) is None


def test_a_missing_version_or_program_saves_nothing(advisor_client, catalog):
    assert save(advisor_client, LA, "No version", None).status_code == 409
    assert save(advisor_client, "9999999999", "Nowhere", "0").status_code == 404
    assert db.session.scalar(select(ProgramNote)) is None


def test_notes_survive_a_catalog_upload_that_drops_and_brings_back_the_program(
        login, catalog, sync_uploads):
    advisor, admin = login(Role.ADVISOR), login(Role.ADMIN)
    _, version = note_box(advisor, LA)
    save(advisor, LA, "Interviews in person only.", version)
    # A re-upload that renames the program keeps the note with its ACGME id.
    assert upload(admin, csv_bytes([good_row(LA, name="Eastside IM (renamed)")])).status_code == 302
    shown, _ = note_box(advisor, LA)
    assert "Eastside IM (renamed)" in page_text(advisor.get(f"/programs/{LA}"))
    assert "Interviews in person only." in shown
    # Removed from the catalog and uploaded again later, it finds its note.
    db.session.delete(db.session.scalar(select(Program).where(Program.acgme_id == LA)))
    db.session.commit()
    assert advisor.get(f"/programs/{LA}").status_code == 404
    upload(admin, csv_bytes([good_row(LA)]))
    shown, _ = note_box(advisor, LA)
    assert "Interviews in person only." in shown


def test_a_save_that_lands_between_the_check_and_the_write_is_refused(app, catalog,
                                                                     monkeypatch):
    note = program_notes.save_note(LA, "First.", 0, "a@office.test")
    db.session.commit()
    seen = note.version
    read = program_notes.get_note

    def read_then_another_saves(acgme_id: str) -> ProgramNote | None:
        found = read(acgme_id)  # the version check passes on this
        with db.engine.begin() as other:
            other.execute(update(ProgramNote).values(text="Theirs.", version=seen + 1))
        return found

    monkeypatch.setattr(program_notes, "get_note", read_then_another_saves)
    with pytest.raises(program_notes.NoteConflict):
        program_notes.save_note(LA, "Mine.", seen, "b@office.test")
    monkeypatch.undo()
    db.session.expire_all()
    assert db.session.scalar(select(ProgramNote.text)) == "Theirs."
    assert db.session.scalar(select(AuditEntry).where(
        AuditEntry.actor == "b@office.test")) is None
