"""/api/v1/students: the profile JSON in and out, versions and conflicts, soft delete, and a
stored student's assessment."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from advisor.extensions import db
from advisor.models import Student
from tests.api.conftest import PROFILE, error_of, profile


def create(api, **changes):  # type: ignore[no-untyped-def]
    response = api.post("/api/v1/students", json=profile(**changes))
    assert response.status_code == 201, response.data
    return response.get_json()


def count_students() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Student))


def test_create_returns_the_stored_profile_with_id_and_version(advisor_api):
    response = advisor_api.post("/api/v1/students", json=PROFILE)
    assert response.status_code == 201
    student = response.get_json()
    assert student["version"] == 1 and student["id"] >= 1
    assert student["profile"] == PROFILE
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/api/v1/students/{student['id']}"
    assert advisor_api.get(response.headers["Location"]).get_json() == student


def test_create_fills_defaults_as_the_cli_does(advisor_api):
    minimal = {"name": "Min", "citizenship": "us_citizen", "graduation_year": 2024,
               "specialty": "pediatrics", "step2ck": {"score": "231"}}
    stored = advisor_api.post("/api/v1/students", json=minimal).get_json()["profile"]
    assert stored["step1"] == {"result": "not_taken", "attempts": 0, "score": None}
    assert stored["step2ck"] == {"score": 231, "attempts": 1}
    assert stored["visa_needed"] == "none" and stored["ties"] == []
    # Left out: not recorded, which is stored and returned as null, never as "no".
    assert stored["training_gap"] == {"months": None, "explained": None}
    assert stored["english"] == {"oet": None, "spoken": None}
    assert stored["ecfmg_status"] is None


def test_the_new_profile_fields_round_trip_and_a_gap_of_none_differs_from_unknown(advisor_api):
    student = create(advisor_api, training_gap={"months": 0}, english={"oet": "not_taken"},
                     ecfmg_status="not_started")
    assert student["profile"]["training_gap"] == {"months": 0, "explained": None}
    assert student["profile"]["english"] == {"oet": "not_taken", "spoken": None}
    assert student["profile"]["ecfmg_status"] == "not_started"
    stored = db.session.get(Student, student["id"])
    assert stored.training_gap_months == 0 and stored.spoken_english is None


@pytest.mark.parametrize("changes, field, message", [
    ({"step2ck": {"score": "abc"}}, "step2ck.score", '"abc" is not a whole number'),
    ({"graduation_year": 1800}, "graduation_year", "1800 is out of range"),
    ({"citizenship": "martian"}, "citizenship", '"martian" is not one of: us_citizen'),
    ({"ties": [{"kind": "family", "zip": "10001", "state": "CA"}]}, "ties[0].zip",
     "10001 is in NY, not CA"),
    ({"shoe_size": 44}, "shoe_size", "Unknown field."),
    ({"target_regions": ["atlantis"]}, "target_regions",
     '"atlantis" is not a region of an enabled plugin'),
    ({"name": None}, "name", "Field may not be null."),
    ({"visa_needed": None}, "visa_needed", "required for a non-US citizen"),
    ({"training_gap": {"months": -1}}, "training_gap.months", "-1 is out of range: must be 0"),
    ({"training_gap": {"months": "a year"}}, "training_gap.months",
     '"a year" is not a whole number'),
    ({"training_gap": {"months": 600}}, "training_gap.months",
     "600 is longer than the time since graduation in 2023"),
    ({"training_gap": {"explained": "yes"}}, "training_gap.months",
     "required when explained is given"),
    ({"training_gap": {"months": 0, "explained": "no"}}, "training_gap.explained",
     "must be blank when there is no gap"),
    ({"training_gap": {"months": 14, "explained": "maybe"}}, "training_gap.explained",
     '"maybe" is not "yes" or "no"'),
    ({"english": {"oet": "B"}}, "english.oet", '"B" is not one of: passed, not_passed'),
    ({"english": {"spoken": "fine"}}, "english.spoken", '"fine" is not one of: strong'),
    ({"english": {"ielts": 7}}, "english.ielts", "Unknown field."),
    ({"ecfmg_status": "done"}, "ecfmg_status", '"done" is not one of: certified'),
    ({"ecfmg_status": "certified", "english": {"oet": "not_taken"}}, "ecfmg_status",
     '"certified" needs OET Medicine passed, which the profile does not show'),
    ({"ecfmg_status": "certified", "step2ck": {"score": None}}, "ecfmg_status",
     '"certified" needs a Step 2 CK score'),
])
def test_a_bad_profile_is_400_naming_the_field_and_stores_nothing(advisor_api, changes, field,
                                                                  message):
    response = advisor_api.post("/api/v1/students", json=profile(**changes))
    assert response.status_code == 400
    error = error_of(response)
    assert f"{field}: " in error["message"] and message in error["message"]
    assert any(e["field"] == field and message in e["message"] for e in error["errors"])
    assert count_students() == 0


@pytest.mark.parametrize("kwargs, message", [
    ({"data": '{"name": ', "content_type": "application/json"}, "body: not valid JSON"),
    ({"data": "name=x", "content_type": "application/x-www-form-urlencoded"},
     'body: send JSON, with the header "Content-Type: application/json"'),
    ({"data": "", "content_type": "application/json"}, "body: is empty"),
    ({"json": [PROFILE]}, "body: must be a JSON object"),
    ({"data": "[" * 100_000, "content_type": "application/json"}, "body: not valid JSON"),
    ({"data": b"\xff\xfe{}", "content_type": "application/json"}, "body: not valid JSON"),
])
def test_malformed_bodies_are_400_not_500(advisor_api, kwargs, message):
    response = advisor_api.post("/api/v1/students", **kwargs)
    assert response.status_code == 400
    assert error_of(response)["message"].startswith(message)


def test_list_searches_names_pages_and_leaves_out_deleted_students(advisor_api):
    for name in ("Ana Ruiz", "Ben Okafor", "Anita Shah", "Deleted Ana"):
        create(advisor_api, name=name)
    gone = advisor_api.get("/api/v1/students?name=deleted").get_json()["items"][0]
    assert advisor_api.delete(f"/api/v1/students/{gone['id']}").status_code == 204

    everyone = advisor_api.get("/api/v1/students").get_json()
    assert [s["name"] for s in everyone["items"]] == ["Ana Ruiz", "Anita Shah", "Ben Okafor"]
    assert everyone["items"][0]["version"] == 1 and everyone["total"] == 3
    found = advisor_api.get("/api/v1/students?name=AN").get_json()["items"]
    assert [s["name"] for s in found] == ["Ana Ruiz", "Anita Shah"]
    page = advisor_api.get("/api/v1/students?per_page=2&page=2").get_json()
    assert [s["name"] for s in page["items"]] == ["Ben Okafor"] and page["pages"] == 2
    bad = advisor_api.get("/api/v1/students?name=%00")
    assert bad.status_code == 400 and error_of(bad)["errors"][0]["field"] == "name"


def test_read_is_404_for_a_missing_or_deleted_student(advisor_api):
    student = create(advisor_api)
    assert advisor_api.get("/api/v1/students/99999").status_code == 404
    advisor_api.delete(f"/api/v1/students/{student['id']}")
    response = advisor_api.get(f"/api/v1/students/{student['id']}")
    assert response.status_code == 404
    assert error_of(response)["message"].startswith("student_id: no student")
    assert advisor_api.delete(f"/api/v1/students/{student['id']}").status_code == 404


def test_delete_is_soft(advisor_api):
    student = create(advisor_api)
    assert advisor_api.delete(f"/api/v1/students/{student['id']}").status_code == 204
    stored = db.session.get(Student, student["id"])
    assert stored is not None and stored.deleted_at is not None


def test_update_with_the_version_in_the_body(advisor_api):
    student = create(advisor_api)
    changed = profile(step2ck={"score": 236, "attempts": 1})
    response = advisor_api.put(f"/api/v1/students/{student['id']}",
                               json={"version": 1, "profile": changed})
    assert response.status_code == 200, response.data
    assert response.get_json()["version"] == 2 and response.headers["ETag"] == '"2"'
    assert advisor_api.get(f"/api/v1/students/{student['id']}").get_json()["profile"] == changed


@pytest.mark.parametrize("if_match", ["1", '"1"', 'W/"1"'])
def test_update_with_the_version_as_if_match(advisor_api, if_match):
    student = create(advisor_api)
    response = advisor_api.put(f"/api/v1/students/{student['id']}",
                               json={"profile": profile(name="Renamed")},
                               headers={"If-Match": if_match})
    assert response.status_code == 200, response.data
    assert response.get_json()["profile"]["name"] == "Renamed"


def test_a_stale_version_is_409_and_saves_nothing(advisor_api):
    student = create(advisor_api)
    url = f"/api/v1/students/{student['id']}"
    first = advisor_api.put(url, json={"version": 1, "profile": profile(name="First")})
    assert first.status_code == 200
    second = advisor_api.put(url, json={"version": 1, "profile": profile(name="Second")})
    assert second.status_code == 409
    error = error_of(second)
    assert error["message"].startswith("version: the student changed since version 1 "
                                       "(it is now version 2); nothing was saved")
    current = advisor_api.get(url).get_json()
    assert (current["version"], current["profile"]["name"]) == (2, "First")


@pytest.mark.parametrize("body, headers, message", [
    ({"profile": PROFILE}, {}, "version: required"),
    ({"version": 1, "profile": PROFILE}, {"If-Match": "2"},
     "version: the body says 1 but If-Match says 2"),
    ({"profile": PROFILE}, {"If-Match": "*"}, 'If-Match: "*" is not a version'),
    ({"version": 1}, {}, "profile: Missing data for required field."),
    ({"version": 1, "profile": {**PROFILE, "step2ck": {"score": 999}}}, {},
     "profile.step2ck.score: 999 is out of range: must be 1 to 300"),
    ({"version": 1, "profile": PROFILE, "id": 3}, {}, "id: Unknown field."),
])
def test_a_bad_update_is_400_naming_the_field(advisor_api, body, headers, message):
    student = create(advisor_api)
    response = advisor_api.put(f"/api/v1/students/{student['id']}", json=body, headers=headers)
    assert response.status_code == 400
    assert error_of(response)["message"].startswith(message)
    assert advisor_api.get(f"/api/v1/students/{student['id']}").get_json()["version"] == 1


def test_updating_a_missing_student_is_404(advisor_api):
    response = advisor_api.put("/api/v1/students/4242", json={"version": 1, "profile": PROFILE})
    assert response.status_code == 404


# ------------------------------------------------------------------------------ assessment

def test_a_stored_students_assessment_is_the_clis_json(advisor_api, catalog, runner, tmp_path):
    student = create(advisor_api)
    response = advisor_api.get(f"/api/v1/students/{student['id']}/assessment?top=3")
    assert response.status_code == 200
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE))
    printed = runner.invoke(args=["assess", str(path), "--top", "3"])
    assert printed.exit_code == 0, printed.output
    assert response.get_json() == json.loads(printed.stdout)
    assert len(response.get_json()["programs"]) == 3


def test_a_stored_students_assessment_is_as_of_their_application_season(advisor_api, catalog):
    from advisor.services.student_assessment import assess_student

    student = create(advisor_api)
    url = f"/api/v1/students/{student['id']}/assessment"
    now = advisor_api.get(url).get_json()
    stored = db.session.get(Student, student["id"])
    stored.season_year = stored.graduation_year + 9  # far past most graduation-year limits
    db.session.commit()
    later = advisor_api.get(url).get_json()
    assert later != now
    assert later == json.loads(json.dumps(assess_student(stored)[0].to_dict()))


def test_assessment_for_another_specialty(advisor_api, catalog):
    student = create(advisor_api)
    body = advisor_api.get(f"/api/v1/students/{student['id']}/assessment"
                           "?specialty=family_medicine").get_json()
    assert {p["specialty"] for p in body["programs"]} == {"family_medicine"}


def test_a_stored_region_no_plugin_offers_is_left_out_with_a_warning(advisor_api, catalog):
    student = create(advisor_api)
    stored = db.session.get(Student, student["id"])
    stored.target_regions = ["atlantis", "los_angeles"]
    db.session.commit()
    body = advisor_api.get(f"/api/v1/students/{student['id']}/assessment").get_json()
    assert {"source": "core", "message": "Not assessed for atlantis: no enabled plugin offers "
                                         "this region."} in body["warnings"]
    assert body["strategies"]


def test_a_stored_profile_that_no_longer_validates_is_409_naming_the_field(advisor_api):
    student = create(advisor_api)
    db.session.get(Student, student["id"]).graduation_year = 1900
    db.session.commit()
    response = advisor_api.get(f"/api/v1/students/{student['id']}/assessment")
    assert response.status_code == 409
    assert error_of(response)["message"].startswith("profile.graduation_year: 1900 is out of range")


def test_assessment_query_is_checked(viewer_api, advisor_api):
    student = create(advisor_api)
    response = viewer_api.get(f"/api/v1/students/{student['id']}/assessment?top=0")
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("top: 0 is")


@pytest.mark.parametrize("student_id", ["0", "2147483648", "99999999999999999999999"])
def test_ids_out_of_range_are_404_not_a_crash(advisor_api, student_id):
    for method in ("get", "delete"):
        response = getattr(advisor_api, method)(f"/api/v1/students/{student_id}")
        assert response.status_code == 404, (method, response.data)
    response = advisor_api.put(f"/api/v1/students/{student_id}",
                               json={"version": 1, "profile": PROFILE})
    assert response.status_code == 404
