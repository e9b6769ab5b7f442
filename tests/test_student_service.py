"""The students service: applicant tiers, edit conflicts, soft delete and the list query."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update

from advisor.extensions import db
from advisor.hooks import hookimpl
from advisor.plugin_registry import get_registry
from advisor.hooks.types import ApplicantAssessment, Region
from advisor.models import ClinicalExperience, Student
from advisor.profile_schema import parse_profile
from advisor.services import students as service


def profile(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "name": "Ana Lopez", "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass", "attempts": 1}, "step2ck": {"score": 200, "attempts": 1},
        "step3": {}, "graduation_year": 2022, "specialty": "internal_medicine",
        "target_regions": ["pacific_coast"],
        "clinical_experience": [{"kind": "clerkship", "months": 2, "zip": "90033"}],
    }
    document.update(changes)
    return parse_profile(document)


def add(**changes: Any) -> Student:
    student = service.create_student(profile(**changes))
    db.session.commit()
    return student


def names(query) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.name for s in db.session.scalars(query)]


class TierPlugin:
    """A fake region plugin that rates every applicant Z."""

    @hookimpl
    def advisor_regions(self):  # type: ignore[no-untyped-def]
        return [Region("ohio", "Ohio", "Fake Ohio region", states=frozenset({"OH"}))]

    @hookimpl
    def advisor_assess_applicant(self, applicant):  # type: ignore[no-untyped-def]
        return ApplicantAssessment(tier="Z")


def test_a_non_us_citizen_must_say_which_visa_they_need():
    from advisor.profile_schema import ProfileError

    document = {"name": "X", "citizenship": "non_us", "graduation_year": 2023,
                "specialty": "internal_medicine"}
    with pytest.raises(ProfileError, match="visa_needed: required for a non-US citizen"):
        parse_profile(document)
    assert parse_profile({**document, "visa_needed": "none"})["visa_needed"].value == "none"
    assert parse_profile({**document, "citizenship": "us_citizen"})["visa_needed"].value == "none"


def test_rules_across_fields_are_reported_with_the_field_errors_not_after_them():
    from advisor.profile_schema import ProfileError

    document = {"name": "X", "citizenship": "us_citizen", "visa_needed": "j1",
                "graduation_year": 2023, "step1": {"result": "pass"}, "step2ck": {"score": "high"},
                "specialty": "internal_medicine", "backup_specialty": "internal_medicine",
                "ecfmg_status": "certified", "english": {"oet": "not_passed"}}
    with pytest.raises(ProfileError) as raised:
        parse_profile(document)
    lines = raised.value.lines
    assert 'step2ck.score: "high" is not a whole number' in lines
    assert "visa_needed: must be none for a us citizen" in lines
    assert "backup_specialty: must differ from specialty" in lines
    # A field that is itself wrong is not blamed again by a rule that reads it.
    ecfmg = [line for line in lines if line.startswith("ecfmg_status")]
    assert ecfmg == ['ecfmg_status: "certified" needs OET Medicine passed, which the profile '
                     "does not show"]
    bad_visa = {**document, "citizenship": "non_us", "visa_needed": "tourist"}
    with pytest.raises(ProfileError) as raised:
        parse_profile(bad_visa)
    assert [line for line in raised.value.lines if line.startswith("visa_needed")] == [
        'visa_needed: "tourist" is not one of: none, j1, h1b, j1_or_h1b']


# ---------------------------------------------------------------------------- tiers

def test_a_new_student_stores_the_pacific_coast_tier(app):
    weak = add(name="Weak", step2ck={"score": 200})
    strong = add(name="Strong", step2ck={"score": 240})
    assert (weak.applicant_tier, strong.applicant_tier) == ("C", "A")
    assert weak.clinical_experiences[0].county == "Los Angeles County"


def test_the_tier_comes_from_an_active_strategy_first(app):
    get_registry().register(TierPlugin(), "ohio")
    assert service.applicant_tier(profile(target_regions=["ohio"])).tier == "Z"
    assert service.applicant_tier(profile(target_regions=["pacific_coast"])).tier == "C"
    # Both strategies give a tier: the first in the student's target order wins.
    assert service.applicant_tier(profile(target_regions=["ohio", "pacific_coast"])).tier == "Z"
    assert service.applicant_tier(profile(target_regions=["pacific_coast", "ohio"])).tier == "C"


def test_only_the_students_own_strategies_give_a_tier(app):
    # Pacific Coast is installed and would rate this profile, but the student targets LA only.
    stored = service.applicant_tier(profile(target_regions=["los_angeles"]))
    assert stored.tier is None and stored.scale is None


def test_the_stored_tier_carries_its_scale(app):
    student = add()
    assert student.applicant_tier == "C"
    assert "Pacific Coast" in student.applicant_tier_scale
    assert student.tier_strategies == ",pacific_coast,"


def test_a_change_of_default_strategies_refreshes_the_tiers_that_follow_them(app):
    follower = add(name="Follower", target_regions=[])
    chooser = add(name="Chooser", target_regions=["los_angeles"])
    assert follower.applicant_tier is None  # the default (nationwide) gives no tier
    app.config["DEFAULT_STRATEGIES"] = "pacific_coast"
    assert service.refresh_default_strategy_tiers() == 1
    assert (follower.applicant_tier, chooser.applicant_tier) == ("C", None)
    assert service.refresh_default_strategy_tiers() == 0  # already up to date


def test_a_raising_tier_plugin_is_skipped_and_recorded(app):
    class Broken:
        @hookimpl
        def advisor_assess_applicant(self, applicant):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    registry = get_registry()
    registry.register(Broken(), "broken")
    assert service.applicant_tier(profile(step2ck={"score": 240})).tier == "A"
    assert registry.recent_errors("broken")[0].hook == "advisor_assess_applicant"


def test_an_uninstalled_region_does_not_stop_the_tier(app):
    assert service.applicant_tier(profile(target_regions=["pacific_coast", "gone"])).tier == "C"


def test_refresh_recomputes_a_stored_tier(app):
    student = add()
    student.applicant_tier = None
    service.refresh_applicant_tier(student)
    assert student.applicant_tier == "C"


# ---------------------------------------------------------------------------- editing

def test_an_update_with_the_current_version_saves_and_moves_the_version(app):
    student = add()
    version = student.version
    service.update_student(student, profile(step2ck={"score": 240}), version)
    db.session.commit()
    assert (student.step2ck_score, student.applicant_tier) == (240, "A")
    assert student.version == version + 1


def test_an_update_from_an_older_version_is_refused_and_saves_nothing(app):
    student = add()
    service.update_student(student, profile(step2ck={"score": 220}), student.version)
    db.session.commit()
    with pytest.raises(service.EditConflict, match="Someone else saved this student"):
        service.update_student(student, profile(step2ck={"score": 240}), student.version - 1)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Student, student.id).step2ck_score == 220


def test_a_save_that_lands_between_check_and_write_is_a_conflict_too(app):
    student = add()
    seen = student.version
    # Another save commits on its own connection; this session still holds `seen`.
    table = Student.__table__
    with db.engine.begin() as other:
        other.execute(update(table).where(table.c.id == student.id)
                      .values(step2ck_score=222, version=table.c.version + 1))
    assert student.version == seen
    with pytest.raises(service.EditConflict):
        service.update_student(student, profile(step2ck={"score": 240}), seen)
    db.session.expire_all()
    assert db.session.get(Student, student.id).step2ck_score == 222


def test_changing_only_rows_still_moves_the_version(app):
    student = add()
    before = student.version
    service.update_student(student, profile(clinical_experience=[
        {"kind": "elective", "months": 1}, {"kind": "clerkship", "months": 3}]), before)
    db.session.commit()
    assert student.version == before + 1
    assert db.session.scalar(select(func.count()).select_from(ClinicalExperience)) == 2
    with pytest.raises(service.EditConflict):
        service.update_student(student, profile(), before)


def rows(student: Student) -> list[tuple[int, str, float, str | None, str | None]]:
    """The student's experience rows as stored: id, kind, months, ZIP, county."""
    db.session.expire_all()
    return [(e.id, e.kind.value, e.months, e.zip, e.county)
            for e in db.session.get(Student, student.id).clinical_experiences]


THREE_ROWS = [{"kind": "clerkship", "months": 2, "zip": "90033"},
              {"kind": "elective", "months": 1, "zip": "10001"},
              {"kind": "observership", "months": 3}]


def test_a_save_that_changes_one_row_keeps_every_rows_id(app):
    student = add(clinical_experience=THREE_ROWS)
    before = rows(student)
    changed = [THREE_ROWS[0], {**THREE_ROWS[1], "months": 4, "zip": "90033"}, THREE_ROWS[2]]
    service.update_student(student, profile(clinical_experience=changed), student.version)
    db.session.commit()
    after = rows(student)
    assert [r[0] for r in after] == [r[0] for r in before]
    assert after[0] == before[0] and after[2] == before[2]
    # The changed row's county follows its new ZIP.
    assert after[1][1:] == ("elective", 4.0, "90033", "Los Angeles County")


def test_rows_added_and_removed_keep_the_order_typed(app):
    student = add(clinical_experience=THREE_ROWS)
    first, second, _ = rows(student)
    service.update_student(student, profile(clinical_experience=[
        THREE_ROWS[0], THREE_ROWS[1]]), student.version)
    db.session.commit()
    assert rows(student) == [first, second]
    service.update_student(student, profile(clinical_experience=[
        THREE_ROWS[0], THREE_ROWS[1], {"kind": "elective", "months": 5}]), student.version)
    db.session.commit()
    stored = rows(student)
    assert stored[:2] == [first, second]
    assert stored[2][1:3] == ("elective", 5.0) and stored[2][0] > second[0]


def test_a_refused_save_leaves_every_row_as_it_was(app):
    student = add(clinical_experience=THREE_ROWS)
    before = rows(student)
    student = db.session.get(Student, student.id)
    seen = student.version
    assert len(student.clinical_experiences) == 3  # loaded as the editor saw them
    # Another save commits on its own connection between the check and the write.
    table = Student.__table__
    with db.engine.begin() as other:
        other.execute(update(table).where(table.c.id == student.id)
                      .values(version=table.c.version + 1))
    with pytest.raises(service.EditConflict):
        service.update_student(student, profile(clinical_experience=[
            {**THREE_ROWS[0], "months": 9}, {"kind": "elective", "months": 1}]), seen)
    assert rows(student) == before


# ------------------------------------------------------------------- delete and list

def test_soft_delete_hides_and_restore_brings_back(app):
    ana, ben = add(name="Ana"), add(name="Ben")
    service.delete_student(ana)
    db.session.commit()
    assert names(service.student_query()) == ["Ben"]
    assert names(service.student_query(deleted=True)) == ["Ana"]
    assert service.get_student(ana.id) is None
    assert service.get_student(ana.id, include_deleted=True) is ana
    service.restore_student(ana)
    db.session.commit()
    assert names(service.student_query()) == ["Ana", "Ben"]
    assert ben.deleted_at is None


def test_name_search_ignores_case_and_treats_wildcards_literally(app):
    for name in ("Ana Lopez", "ANABEL Cruz", "Bo_b", "Boxb", "100% Ready"):
        add(name=name)
    assert names(service.student_query(name="ana")) == ["Ana Lopez", "ANABEL Cruz"]
    assert names(service.student_query(name="o_b")) == ["Bo_b"]
    assert names(service.student_query(name="0%")) == ["100% Ready"]


def test_strategy_filter_matches_whole_slugs_and_the_default_strategy(app):
    add(name="Coast", target_regions=["pacific_coast", "socal"])
    add(name="SoCal", target_regions=["socal"])
    add(name="Nobody", target_regions=[])
    assert names(service.student_query(strategy="socal")) == ["Coast", "SoCal"]
    assert names(service.student_query(strategy="pacific_coast")) == ["Coast"]
    assert names(service.student_query(strategy="pacific")) == []
    # A student who names no region gets the office default, Nationwide.
    assert names(service.student_query(strategy="nationwide")) == ["Nobody"]


def test_tier_filter_and_the_tiers_in_use(app):
    add(name="Weak", step2ck={"score": 200})
    strong = add(name="Strong", step2ck={"score": 240})
    assert names(service.student_query(tier="C")) == ["Weak"]
    # The filter offers each tier on its own scale.
    assert service.tiers_in_use() == [("A", "Pacific Coast tier A"), ("C", "Pacific Coast tier C")]
    service.delete_student(strong)
    db.session.commit()
    assert service.tiers_in_use() == [("C", "Pacific Coast tier C")]
