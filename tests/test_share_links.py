"""Share links: random secrets stored only as hashes, expiring and revocable."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from advisor.demo.students import demo_students
from advisor.extensions import db
from advisor.models import ShareLink
from advisor.models.columns import utcnow
from advisor.profile_schema import parse_profile
from advisor.services import share_links
from advisor.services.students import student_from_profile


@pytest.fixture
def student(app):  # type: ignore[no-untyped-def]
    student = student_from_profile(parse_profile(demo_students(2026)[0]))
    db.session.add(student)
    db.session.commit()
    return student


def stored_values(link: ShareLink) -> list[str]:
    row = db.session.execute(select(ShareLink.__table__).where(ShareLink.id == link.id)).one()
    return [str(value) for value in row]


def test_only_the_hash_of_the_secret_is_stored(student):
    link, secret = share_links.create_link(student, None, 30)
    db.session.commit()
    assert len(secret) >= 43  # 32 random bytes
    assert link.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in value for value in stored_values(link))
    other_link, other_secret = share_links.create_link(student, None, 30)
    assert other_secret != secret and other_link.token_hash != link.token_hash


def test_a_link_opens_until_it_expires_and_records_its_last_use(student):
    now = utcnow()
    link, secret = share_links.create_link(student, None, 7, now=now)
    db.session.commit()
    assert link.expires_at == now + timedelta(days=7)
    assert link.last_used_at is None
    later = now + timedelta(days=6, hours=23)
    assert share_links.open_link(secret, now=later) is link
    assert link.last_used_at == later
    assert share_links.status(link, later) == "active"
    assert share_links.open_link(secret, now=now + timedelta(days=7)) is None
    assert share_links.status(link, now + timedelta(days=7)) == "expired"


def test_a_revoked_link_no_longer_opens(student):
    link, secret = share_links.create_link(student, None)
    db.session.commit()
    assert share_links.revoke(link) is True
    assert share_links.revoke(link) is False  # already revoked
    db.session.commit()
    assert share_links.open_link(secret) is None
    assert share_links.status(link) == "revoked"


def test_wrong_or_odd_secrets_open_nothing(student):
    _, secret = share_links.create_link(student, None)
    db.session.commit()
    assert share_links.open_link(secret[:-1]) is None
    assert share_links.open_link(secret + "x") is None
    assert share_links.open_link("") is None
    assert share_links.open_link("x" * 5000) is None
    # The stored hash itself is not a way in.
    assert share_links.open_link(share_links.hash_secret(secret)) is None


def test_a_deleted_students_links_open_nothing(student):
    _, secret = share_links.create_link(student, None)
    student.deleted_at = utcnow()
    db.session.commit()
    assert share_links.open_link(secret) is None


def test_only_the_offered_lifetimes_are_accepted(student):
    for days in share_links.EXPIRY_DAYS:
        share_links.create_link(student, None, days)
    with pytest.raises(ValueError):
        share_links.create_link(student, None, 365)


def test_links_are_listed_newest_first_and_only_for_their_student(student):
    other = student_from_profile(parse_profile(demo_students(2026)[1]))
    db.session.add(other)
    db.session.flush()
    now = utcnow()
    first, _ = share_links.create_link(student, None, now=now - timedelta(days=1))
    second, _ = share_links.create_link(student, None, now=now)
    foreign, _ = share_links.create_link(other, None, now=now)
    db.session.commit()
    assert share_links.links_for(student) == [second, first]
    assert share_links.get_link(student, foreign.id) is None
    assert share_links.get_link(student, first.id) is first


def test_parallel_views_are_counted_exactly_against_the_limit(app, student):
    """The count and the check are one UPDATE: of twelve views at once with a limit of five,
    five open and seven are refused, and the audit entry counts the five."""
    import threading

    from advisor.models import AuditEntry

    app.config["SHARE_LINK_VIEWS_PER_MINUTE"] = 5
    _, secret = share_links.create_link(student, None)
    db.session.commit()
    now = utcnow()
    ready = threading.Barrier(12)
    opened: list[int] = []
    throttled: list[int] = []
    errors: list[BaseException] = []

    def view() -> None:
        with app.app_context():
            try:
                ready.wait(timeout=30)
                try:
                    assert share_links.open_link(secret, now=now) is not None
                    db.session.commit()
                    opened.append(1)
                except share_links.ShareLinkThrottled as refused:
                    db.session.rollback()
                    throttled.append(refused.retry_after)
            except BaseException as exc:
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=view) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert (len(opened), len(throttled)) == (5, 7)
    assert set(throttled) == {60}
    counts = db.session.scalars(select(AuditEntry.count).where(
        AuditEntry.action == "share_link_used")).all()
    assert counts == [5]
