"""The in-memory catalog: what an assessment reads follows every change to the catalog."""

from __future__ import annotations

from advisor.enums import Specialty
from advisor.extensions import db
from advisor.models import Program
from advisor.services.catalog_cache import get_catalog_cache

BOTH = [Specialty.INTERNAL_MEDICINE, Specialty.FAMILY_MEDICINE]


def test_a_student_with_a_backup_specialty_sees_a_program_edit_at_once(advisor_app) -> None:  # type: ignore[no-untyped-def]
    cache = get_catalog_cache(advisor_app)
    first = cache.batch(BOTH)
    assert cache.batch(BOTH) is first  # kept: worked out once per catalog
    assert {p.specialty for p in first} == set(BOTH)
    program = db.session.scalar(db.select(Program).where(
        Program.specialty == Specialty.FAMILY_MEDICINE).order_by(Program.acgme_id).limit(1))
    program.name = "Renamed Family Medicine"
    db.session.commit()

    again = cache.batch(BOTH)
    assert again is not first
    assert [p.name for p in again if p.acgme_id == program.acgme_id] == ["Renamed Family Medicine"]
    assert again.index[program.acgme_id] == [p.acgme_id for p in again].index(program.acgme_id)


def test_a_batch_holds_the_specialties_in_the_order_asked(advisor_app) -> None:  # type: ignore[no-untyped-def]
    cache = get_catalog_cache(advisor_app)
    batch = cache.batch(list(reversed(BOTH)))
    specialties = [p.specialty for p in batch]
    assert specialties == sorted(specialties, key=lambda s: s is Specialty.INTERNAL_MEDICINE)
    assert list(batch) == cache.programs(list(reversed(BOTH)))
