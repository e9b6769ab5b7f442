"""Configuration layering, the database URL, and the refusal to run without a real secret key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from advisor import create_app
from advisor.config import DEV_SECRET_KEY, SECRET_KEY_FILE, ConfigError, ensure_secret_key_file


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty instance folder and an environment with no ADVISOR_* or debug settings."""
    for name in list(os.environ):
        if name.startswith("ADVISOR_") or name in ("FLASK_DEBUG", "FLASK_ENV"):
            monkeypatch.delenv(name)
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(folder))
    return folder


def test_layers_apply_in_order_defaults_file_test_config_env(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (instance / "config.py").write_text(
        "SQLITE_BUSY_TIMEOUT_MS = 111\n"
        "SEASON_YEAR = 2020\n"
        "PLUGINS_DISABLED = 'from_file'\n"
    )
    monkeypatch.setenv("ADVISOR_PLUGINS_DISABLED", "from_env")

    app = create_app({"TESTING": True, "SEASON_YEAR": 2021, "PLUGINS_DISABLED": "from_test"})

    assert app.config["MAX_CONTENT_LENGTH"] == 32 * 1024 * 1024  # default, untouched
    assert app.config["SQLITE_BUSY_TIMEOUT_MS"] == 111  # instance file beats defaults
    assert app.config["SEASON_YEAR"] == 2021  # test_config beats the file
    assert app.config["PLUGINS_DISABLED"] == "from_env"  # environment beats everything


def test_environment_values_are_parsed_as_json(instance: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_SEASON_YEAR", "2030")
    app = create_app({"TESTING": True, "SEASON_YEAR": 2021})
    assert app.config["SEASON_YEAR"] == 2030


def test_default_database_is_a_sqlite_file_in_the_instance_folder(instance: Path) -> None:
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'advisor.sqlite3'}"


def test_database_url_from_the_environment_wins(instance: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    monkeypatch.setenv("ADVISOR_DATABASE_URL", url)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///ignored.sqlite3"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url


def test_production_start_without_a_secret_key_refuses(instance: Path) -> None:
    with pytest.raises(ConfigError, match="no secret key is set") as error:
        create_app()
    # The message tells the operator how to fix it.
    assert "ADVISOR_SECRET_KEY" in str(error.value)
    assert "python -m advisor setup" in str(error.value)


def test_production_start_with_the_development_key_refuses(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_SECRET_KEY", DEV_SECRET_KEY)
    with pytest.raises(ConfigError, match="development default"):
        create_app()


def test_testing_start_without_a_key_uses_the_development_key(instance: Path) -> None:
    assert create_app({"TESTING": True}).secret_key == DEV_SECRET_KEY


def test_production_start_with_a_key_from_the_environment(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_SECRET_KEY", "a-real-secret-from-env")
    assert create_app().secret_key == "a-real-secret-from-env"


def test_secret_key_file_in_the_instance_folder_is_used(instance: Path) -> None:
    (instance / SECRET_KEY_FILE).write_text("from-the-key-file\n")
    app = create_app()
    assert app.secret_key == "from-the-key-file"


def test_ensure_secret_key_file_writes_a_private_key_once(tmp_path: Path) -> None:
    folder = tmp_path / "new-instance"
    key_file = ensure_secret_key_file(folder)

    assert key_file == folder / SECRET_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first = key_file.read_text().strip()
    assert len(first) >= 32

    ensure_secret_key_file(folder)
    assert key_file.read_text().strip() == first


def test_ensure_secret_key_file_never_overwrites_an_existing_key(tmp_path: Path) -> None:
    (tmp_path / SECRET_KEY_FILE).write_text("chosen-by-the-admin\n")
    ensure_secret_key_file(tmp_path)
    assert (tmp_path / SECRET_KEY_FILE).read_text() == "chosen-by-the-admin\n"


@pytest.mark.parametrize("value", ["-1", "many", "9"])
def test_a_bad_proxy_hop_count_refuses_to_start_and_names_the_setting(
        instance: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ADVISOR_PROXY_HOPS", value)
    with pytest.raises(ConfigError, match="ADVISOR_PROXY_HOPS must be a whole number from 0 to 5"):
        create_app({"TESTING": True})


@pytest.mark.parametrize("name", ["IMPORT_MAX_ROWS", "SHARE_LINK_VIEWS_PER_MINUTE",
                                  "SHARED_PAGE_CACHE_SIZE"])
@pytest.mark.parametrize("value", ["many", "-5", "true", "2.5", "99999999"])
def test_a_bad_limit_refuses_to_start_and_names_the_setting(
        instance: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(f"ADVISOR_{name}", value)
    with pytest.raises(ConfigError, match=f"ADVISOR_{name} must be a whole number from"):
        create_app({"TESTING": True})


def test_the_import_row_limit_is_read_from_the_environment(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_IMPORT_MAX_ROWS", "120000")
    assert create_app({"TESTING": True}).config["IMPORT_MAX_ROWS"] == 120_000
