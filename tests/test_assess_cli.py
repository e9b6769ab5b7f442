"""`flask --app advisor assess` and `plugins list` against programs in the database."""

from __future__ import annotations

import io
import json
import sys

import pytest

from advisor import create_app
from advisor.cli.assess import assess_command
from advisor.enums import ProgramType, Specialty
from advisor.extensions import db
from advisor.models import Program

PROFILE = {
    "name": "Test: R.",
    "citizenship": "non_us",
    "visa_needed": "j1",
    "step1": {"result": "pass", "attempts": 1, "score": None},
    "step2ck": {"score": 224, "attempts": 1},
    "step3": {"score": None, "passed": None},
    "graduation_year": 2023,
    "clinical_experience": [{"kind": "elective", "months": 2.0, "specialty": "internal_medicine",
                             "state": "CA", "zip": "90033"}],
    "us_letters": [{"specialty": "internal_medicine", "state": "CA", "zip": "90033"}],
    "publications": 0,
    "languages": ["spanish"],
    "ties": [{"kind": "family", "state": "CA", "zip": "90012"}],
    "specialty": "internal_medicine",
    "backup_specialty": "family_medicine",
    "target_regions": ["los_angeles"],
}


def add_program(acgme_id: str, specialty: Specialty = Specialty.INTERNAL_MEDICINE, **kw) -> None:  # type: ignore[no-untyped-def]
    values = dict(name=f"Program {acgme_id}", specialty=specialty, state="CA", zip="90033",
                  city="Los Angeles", program_type=ProgramType.COUNTY, img_share=0.45,
                  visa_j1=True, step2_min=215, step2_median=226)
    values.update(kw)
    db.session.add(Program(acgme_id=acgme_id, **values))
    db.session.commit()


@pytest.fixture
def catalog(app):  # type: ignore[no-untyped-def]
    add_program("0001")
    add_program("0002", state="OH", zip="43215", city="Columbus", img_share=0.6)
    add_program("0003", specialty=Specialty.FAMILY_MEDICINE, state="TX", zip="77002", city="Houston")
    add_program("0004", specialty=Specialty.DERMATOLOGY)
    add_program("0005", visa_j1=False, visa_h1b=False)


def run_assess(runner, tmp_path, profile, *args):  # type: ignore[no-untyped-def]
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile))
    return runner.invoke(args=["assess", str(path), *args])


def test_assess_prints_the_documented_json(runner, catalog, tmp_path):
    result = run_assess(runner, tmp_path, PROFILE)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {"applicant", "programs", "plan", "advice", "warnings"}
    assert set(out["applicant"]) >= {"tier", "flags", "summary"}
    # the student's specialty and backup, never dermatology
    assert {p["acgme_id"] for p in out["programs"]} == {"0001", "0002", "0003", "0005"}
    la = next(p for p in out["programs"] if p["acgme_id"] == "0001")
    assert set(la["regions"]) >= {"los_angeles", "socal", "pacific_coast"}
    assert {r["source"] for r in la["reasons"]} >= {"core", "los_angeles"}
    assert all(set(r) >= {"source", "delta", "text"} for r in la["reasons"])
    assert next(p for p in out["programs"] if p["acgme_id"] == "0005")["tier"] == "ineligible"
    plan = out["plan"]
    assert set(plan) >= {"total", "shares", "caps", "list", "shortfalls"}
    assert plan["shortfalls"]  # five programs cannot fill an 80-program list
    assert {a["source"] for a in out["advice"]} >= {"los_angeles"}


def test_top_limits_the_programs(runner, catalog, tmp_path):
    out = json.loads(run_assess(runner, tmp_path, PROFILE, "--top", "2").stdout)
    assert len(out["programs"]) == 2


def test_specialty_option_overrides_the_profile(runner, catalog, tmp_path):
    out = json.loads(run_assess(runner, tmp_path, PROFILE, "--specialty", "dermatology").stdout)
    assert {p["specialty"] for p in out["programs"]} == {"dermatology", "family_medicine"}


@pytest.mark.parametrize("change, message", [
    ({"step2ck": {"score": "abc"}}, 'step2ck.score: "abc" is not a whole number'),
    ({"citizenship": "martian"}, 'citizenship: "martian" is not one of'),
    ({"target_regions": ["atlantis"]}, 'target_regions: "atlantis" is not a region'),
    ({"graduation_year": 1900}, "graduation_year: 1900 is out of range"),
    ({"visa_needed": None}, "visa_needed: required for a non-US citizen"),
])
def test_an_invalid_profile_names_the_field_and_exits_2(runner, catalog, tmp_path, change, message):
    result = run_assess(runner, tmp_path, {**PROFILE, **change})
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_a_file_that_is_not_json_exits_2(runner, catalog, tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{not json")
    result = runner.invoke(args=["assess", str(path)])
    assert result.exit_code == 2
    assert "not valid JSON" in result.stderr


def test_the_cached_catalog_sees_a_newly_added_program(runner, catalog, tmp_path):
    before = json.loads(run_assess(runner, tmp_path, PROFILE).stdout)
    add_program("0006")
    after = json.loads(run_assess(runner, tmp_path, PROFILE).stdout)
    assert len(after["programs"]) == len(before["programs"]) + 1


class CountingOutput(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_assess_writes_its_json_in_one_piece(app, catalog, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    # A write per JSON token is a system call each when the output is unbuffered
    # (PYTHONUNBUFFERED): over a million for a full catalog's assessment.
    output = CountingOutput()
    monkeypatch.setattr(sys, "stdout", output)
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE))
    with path.open(encoding="utf-8") as profile_file:
        assess_command.callback(profile_file, None, None)  # type: ignore[misc]
    assert output.writes == 1
    assert json.loads(output.getvalue())["programs"]


def test_plugins_list_shows_every_plugin_with_version_hooks_and_state(runner):
    result = runner.invoke(args=["plugins", "list"])
    assert result.exit_code == 0
    for name in ("core", "socal", "los_angeles", "bay_area", "pacific_coast", "nationwide"):
        assert f"{name}  " in result.output
    assert "advisor_adjust_scores" in result.output
    assert "[disabled]" not in result.output


def test_disabled_plugins_are_not_loaded_and_say_so(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_PLUGINS_DISABLED", "socal,bay_area")
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    output = app.test_cli_runner().invoke(args=["plugins", "list"]).output
    assert "socal  0.1.0  [disabled]" in output
    assert "bay_area  0.1.0  [disabled]" in output
    assert "los_angeles  0.1.0  [enabled]" in output
    from advisor.plugin_registry import get_registry
    assert "socal" not in get_registry(app).regions()
