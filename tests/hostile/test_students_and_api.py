"""The student profile form and the JSON API under hostile values: never a 500, and a refused
request leaves the students table exactly as it was."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, strategies as st

from advisor.enums import Role
from advisor.models import Student
from advisor.profile_schema import dump_profile, parse_profile
from advisor.services import students as service
from advisor.extensions import db

from .conftest import HOSTILE, students_snapshot
from .values import hostile_json, hostile_text

FORM = {
    "name": "Ana Lopez", "citizenship": "non_us", "visa_needed": "j1",
    "step1_result": "pass", "step1_attempts": "1", "step1_score": "",
    "step2ck_score": "214", "step2ck_attempts": "1", "step3_score": "", "step3_passed": "",
    "graduation_year": "2022", "publications": "0", "languages": "Spanish",
    "ecfmg_status": "in_progress", "oet_status": "passed", "spoken_english": "strong",
    "training_gap_months": "14", "training_gap_explained": "yes",
    "specialty": "internal_medicine", "backup_specialty": "family_medicine",
    "target_regions": "pacific_coast", "save": "1",
    "experiences-0-kind": "elective", "experiences-0-months": "2",
    "experiences-0-specialty": "internal_medicine", "experiences-0-state": "CA",
    "experiences-0-zip": "90033",
}

PROFILE: dict[str, Any] = {
    "name": "Test: R.", "citizenship": "non_us", "visa_needed": "j1",
    "step1": {"result": "pass", "attempts": 1, "score": None},
    "step2ck": {"score": 224, "attempts": 1}, "step3": {"score": None, "passed": None},
    "graduation_year": 2023,
    "training_gap": {"months": 14, "explained": True},
    "english": {"oet": "passed", "spoken": "strong"},
    "ecfmg_status": "in_progress",
    "clinical_experience": [{"kind": "elective", "months": 2.0, "specialty": "internal_medicine",
                             "state": "CA", "zip": "90033"}],
    "us_letters": [{"specialty": "internal_medicine", "state": "CA", "zip": "90033"}],
    "publications": 0, "languages": ["spanish"],
    "ties": [{"kind": "family", "state": "CA", "zip": "90012"}],
    "specialty": "internal_medicine", "backup_specialty": "family_medicine",
    "target_regions": ["pacific_coast"],
}

# Every place in the profile a value can go, as a path of keys and indexes.
PATHS: list[tuple[Any, ...]] = [
    (key,) for key in PROFILE
] + [("step1", k) for k in PROFILE["step1"]] + [("step2ck", k) for k in PROFILE["step2ck"]] \
  + [("step3", k) for k in PROFILE["step3"]] \
  + [("training_gap", k) for k in PROFILE["training_gap"]] \
  + [("english", k) for k in PROFILE["english"]] \
  + [("clinical_experience", 0, k) for k in PROFILE["clinical_experience"][0]] \
  + [("us_letters", 0, k) for k in PROFILE["us_letters"][0]] \
  + [("ties", 0, k) for k in PROFILE["ties"][0]] + [("languages", 0), ("target_regions", 0),
                                                  ("unknown_field",)]


def with_value(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(PROFILE)
    place: Any = document
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    return document


@pytest.fixture
def stored(app):  # type: ignore[no-untyped-def]
    student = service.create_student(parse_profile(PROFILE))
    db.session.commit()
    return student.id


# ---------------------------------------------------------------------------- the form

@HOSTILE
@given(field=st.sampled_from(sorted(FORM)), value=hostile_text, edit=st.booleans())
def test_the_profile_form_refuses_or_saves_but_never_fails(app, web_as, stored, field, value,
                                                           edit):
    client = getattr(app, "_hostile_advisor", None) or web_as(Role.ADVISOR)
    app._hostile_advisor = client  # type: ignore[attr-defined]
    data = {**FORM, field: value}
    before = students_snapshot()
    if edit:
        version = service.get_student(stored).version
        response = client.post(f"/students/{stored}/edit", data={**data, "version": str(version)})
    else:
        response = client.post("/students/new", data=data)
    assert response.status_code in (200, 302, 400, 409), response.status_code
    if response.status_code != 302:
        assert students_snapshot() == before


# ----------------------------------------------------------------------------- the API

def send(client, method: str, url: str, headers: dict[str, str], body: Any):  # type: ignore[no-untyped-def]
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.open(url, method=method, data=raw, content_type="application/json",
                       headers=headers)


@HOSTILE
@given(path=st.sampled_from(PATHS), value=hostile_json,
       target=st.sampled_from(["POST /api/v1/students", "PUT", "POST /api/v1/assess"]))
def test_api_hostile_values_give_a_4xx_or_a_whole_write(app, token_for, stored, path, value,
                                                       target):
    headers = getattr(app, "_hostile_token", None) or token_for(Role.ADVISOR)
    app._hostile_token = headers  # type: ignore[attr-defined]
    client = app.test_client()
    document = with_value(path, value)
    before = students_snapshot()
    if target == "PUT":
        version = service.get_student(stored).version
        response = send(client, "PUT", f"/api/v1/students/{stored}",
                        {**headers, "If-Match": f'"{version}"'}, {"profile": document})
    else:
        method, url = target.split()
        response = send(client, method, url, headers, document)
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert response.is_json
    if response.status_code >= 400 or target.endswith("assess"):
        assert students_snapshot() == before
    else:
        assert_whole_write(response.get_json(), document, before, created=target != "PUT")



@pytest.mark.parametrize("target", ["POST", "PUT"])
@pytest.mark.parametrize("path, value", [(("name",), "Zoë O'Brien-Nguyễn"), (("languages", 0), "tagalog"),
                                         (("ties", 0, "zip"), "94110")])
def test_an_accepted_api_write_is_whole(app, token_for, stored, target, path, value):
    """The 2xx branch above, on values that are surely accepted, so it runs every time."""
    headers = token_for(Role.ADVISOR)
    document = with_value(path, value)
    before = students_snapshot()
    if target == "PUT":
        version = service.get_student(stored).version
        response = send(app.test_client(), "PUT", f"/api/v1/students/{stored}",
                        {**headers, "If-Match": f'"{version}"'}, {"profile": document})
    else:
        response = send(app.test_client(), "POST", "/api/v1/students", headers, document)
    assert response.status_code in (200, 201), response.get_data(as_text=True)[:500]
    assert_whole_write(response.get_json(), document, before, created=target == "POST")


def assert_whole_write(answer: dict[str, Any], document: dict[str, Any],
                       before: list[tuple[Any, ...]], created: bool) -> None:
    """A 2xx wrote everything validation accepted, to that one student, and nothing else."""
    accepted = dump_profile(parse_profile(document))
    db.session.expire_all()
    stored = service.get_student(answer["id"])
    assert stored is not None
    assert service.profile_from_student(stored) == answer["profile"] == accepted
    after = students_snapshot()
    assert len(after) == len(before) + created
    assert [row for row in after if row[0] != answer["id"]] == \
        [row for row in before if row[0] != answer["id"]]
    if not created:
        old, = (row for row in before if row[0] == answer["id"])
        assert stored.version == answer["version"] > old[[c.name for c in
                                                          Student.__table__.columns].index("version")]


RAW_BODIES = [
    '{"name": 1e309}', '{"graduation_year": 1e309}', '{"publications": -1e309}',
    '{"publications": ' + "9" * 5000 + "}",  # past Python's int-from-text limit
    '{"name": "\\ud800"}', '{"name": "\\udfff\\ud800x"}', '{"name": "a\\u0000b"}',
    '{"name": NaN}', '{"name": Infinity}', '{"step2ck": {"score": -0}}',
    "[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000,
    "", "null", "[]", '"x"', "{", "\ufeff{}",
    b"\xff\xfe{\x00}\x00", b'{"name": "\xe9"}', b"\x00" * 100,
]


def _merged(raw: str | bytes) -> str | bytes:
    """The raw fragment inside an otherwise valid profile, where it is an object's member."""
    if isinstance(raw, str) and raw.startswith('{"') and raw.endswith("}") and '"a":' not in raw:
        valid = json.dumps(PROFILE)
        return valid[:-1] + ", " + raw[1:-1] + "}"
    return raw


@pytest.mark.parametrize("raw", RAW_BODIES, ids=range(len(RAW_BODIES)))
def test_api_raw_bodies_are_refused_with_a_json_4xx(app, token_for, stored, raw):
    headers = token_for(Role.ADVISOR)
    client = app.test_client()
    before = students_snapshot()
    body = _merged(raw)
    for method, url in (("POST", "/api/v1/students"), ("PUT", f"/api/v1/students/{stored}"),
                        ("POST", "/api/v1/assess")):
        response = send(client, method, url, {**headers, "If-Match": '"1"'}, body)
        assert 400 <= response.status_code < 500, (url, response.status_code, response.data[:300])
        assert response.is_json
    assert students_snapshot() == before


def test_a_10_mb_name_is_refused_without_a_write(app, token_for, web_as, stored):
    app.config["MAX_CONTENT_LENGTH"] = None  # let it reach the checks, not only the size limit
    headers = token_for(Role.ADVISOR)
    before = students_snapshot()
    huge = "x" * 10_000_000
    for method, url in (("POST", "/api/v1/students"), ("PUT", f"/api/v1/students/{stored}"),
                        ("POST", "/api/v1/assess")):
        response = send(app.test_client(), method, url, {**headers, "If-Match": '"1"'},
                        with_value(("name",), huge))
        assert 400 <= response.status_code < 500, (url, response.status_code)
    response = web_as(Role.ADVISOR).post("/students/new", data={**FORM, "name": huge})
    assert response.status_code == 400
    assert students_snapshot() == before


def test_the_programs_upload_api_refuses_hostile_files_with_a_json_4xx(app, token_for):
    headers = token_for(Role.ADMIN)
    client = app.test_client()
    import io

    for data in (b"\xff\xfe\x00=", b"acgme_id,name\n=1,+2\n", b"\x00" * 1000,
                 "\ufeffacgme_id,acgme_id\n".encode("utf-16"),
                 b"acgme_id,name,specialty,state\n1," + b"x" * 2_000_000 + b",im,CA\n"):
        response = client.post("/api/v1/programs/import", headers=headers,
                               data={"file": (io.BytesIO(data), "c.csv")},
                               content_type="multipart/form-data")
        assert 400 <= response.status_code < 500, (response.status_code, response.data[:300])
        assert response.is_json
