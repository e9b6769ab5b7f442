"""POST /api/v1/assess and GET /api/v1/plugins."""

from __future__ import annotations

import json

import pytest

from advisor import create_app
from advisor.enums import Role
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.services.api_tokens import create_token
from advisor.services.users import create_user
from tests.api.conftest import PASSWORD, PROFILE, error_of, profile
from tests.conftest import database_url


def cli_json(runner, tmp_path, document, *args):  # type: ignore[no-untyped-def]
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(document))
    result = runner.invoke(args=["assess", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("query, args", [
    ("", []),
    ("?top=2", ["--top", "2"]),
    ("?specialty=family_medicine", ["--specialty", "family_medicine"]),
])
def test_assess_answers_exactly_what_the_cli_prints(advisor_api, catalog, runner, tmp_path,
                                                    query, args):
    response = advisor_api.post(f"/api/v1/assess{query}", json=PROFILE)
    assert response.status_code == 200, response.data
    printed = cli_json(runner, tmp_path, PROFILE, *args)
    assert response.get_json() == json.loads(printed)
    # Same keys in the same order, too: a client diffing the two sees no difference.
    assert list(response.get_json()) == list(json.loads(printed))
    assert response.get_json()["programs"], "the catalog has programs for this profile"


def test_assess_stores_nothing(advisor_api, catalog):
    advisor_api.post("/api/v1/assess", json=PROFILE)
    assert advisor_api.get("/api/v1/students").get_json()["total"] == 0


@pytest.mark.parametrize("document, message", [
    (profile(step2ck={"score": "abc"}), 'step2ck.score: "abc" is not a whole number'),
    (profile(target_regions=["atlantis"]), 'target_regions: "atlantis" is not a region'),
    (profile(step1={"result": "pass", "attempts": 0}),
     "step1.attempts: must be at least 1 for a Step 1 pass"),
    ({"name": "x"}, "citizenship: Missing data for required field."),
])
def test_a_bad_profile_is_400_naming_the_field(advisor_api, catalog, document, message):
    response = advisor_api.post("/api/v1/assess", json=document)
    assert response.status_code == 400
    assert message in error_of(response)["message"]


@pytest.mark.parametrize("query, field", [("?specialty=cardiology", "specialty"),
                                          ("?top=-1", "top"), ("?top=x", "top")])
def test_bad_query_values_are_400_naming_them(advisor_api, query, field):
    response = advisor_api.post(f"/api/v1/assess{query}", json=PROFILE)
    assert response.status_code == 400
    assert error_of(response)["errors"][0]["field"] == field


def test_malformed_json_and_wrong_content_type_are_400(advisor_api):
    bad = advisor_api.post("/api/v1/assess", data="{", content_type="application/json")
    assert bad.status_code == 400
    assert error_of(bad)["message"].startswith("body: not valid JSON (Expecting")
    text = advisor_api.post("/api/v1/assess", data=json.dumps(PROFILE), content_type="text/plain")
    assert text.status_code == 400
    assert "Content-Type: application/json" in error_of(text)["message"]


def test_an_oversized_body_is_413(app, advisor_api):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = advisor_api.post("/api/v1/assess", json=profile(name="x" * 2000))
    assert response.status_code == 413
    assert error_of(response)["message"].startswith("body: larger than this server accepts")


def test_plugins_lists_each_with_version_hooks_and_regions(viewer_api):
    response = viewer_api.get("/api/v1/plugins")
    assert response.status_code == 200
    plugins = {p["name"]: p for p in response.get_json()}
    assert {"core", "socal", "los_angeles", "bay_area", "pacific_coast", "nationwide"} <= set(plugins)
    assert plugins["core"]["regions"] == [] and plugins["core"]["enabled"] is True
    assert {"slug": "los_angeles", "name": get_registry().regions()["los_angeles"][1].name} \
        in plugins["los_angeles"]["regions"]
    assert "advisor_adjust_scores" in plugins["socal"]["hooks"]
    assert all(p["version"] for p in plugins.values())


def test_a_disabled_plugin_is_listed_as_disabled(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
                      "PLUGINS_DISABLED": "bay_area"})
    with app.app_context():
        db.create_all()
        try:
            new = create_token(create_user("v@office.test", PASSWORD, Role.VIEWER), "t")
            db.session.commit()
            response = app.test_client().get(
                "/api/v1/plugins", headers={"Authorization": f"Bearer {new.secret}"})
            bay = next(p for p in response.get_json() if p["name"] == "bay_area")
            assert (bay["enabled"], bay["state"], bay["hooks"], bay["regions"]) == \
                (False, "disabled", [], [])
        finally:
            db.session.remove()
            db.drop_all()


def test_an_unexpected_failure_is_a_json_500_without_internals(advisor_api, monkeypatch):
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals")
    monkeypatch.setattr("advisor.api.assessment.assess_profile", broken)
    response = advisor_api.post("/api/v1/assess", json=PROFILE)
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert error_of(response)["message"].startswith("Something went wrong on our side")
