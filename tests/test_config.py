"""Configuration layering, the database URL, and the refusal to run without a real secret key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from advisor import create_app
from advisor.config import SECRET_KEY_FILE, ConfigError, ensure_secret_key_file

# A key as `python -m advisor setup` writes one (random, 64 hex digits).
GOOD_KEY = "5f0c3a9e1b7d24c86e0f9a3b5c7d1e2f4a6b8c0d2e4f6a8b0c1d3e5f7a9b2c4d"


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


WEAK_KEYS = [
    "changeme", "secret", "dev", "dev-only-not-secret", "x" * 31, "changeme" * 4, "a" * 64,
    "0123456789abcdef" * 4, "CHANGEME",
    "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf",  # Flask's docs
]


@pytest.mark.parametrize("key", WEAK_KEYS)
@pytest.mark.parametrize("mode", [{}, {"DEBUG": True}, {"TESTING": True}])
def test_a_short_guessable_or_published_key_refuses_to_start_in_every_mode(
        instance: Path, monkeypatch: pytest.MonkeyPatch, key: str, mode: dict) -> None:
    monkeypatch.setenv("ADVISOR_SECRET_KEY", key)
    with pytest.raises(ConfigError, match="Refusing to start: the secret key") as error:
        create_app(mode)
    assert "token_hex" in str(error.value)  # it says how to make a good one


def test_a_weak_key_in_the_key_file_is_refused_and_the_file_named(instance: Path) -> None:
    (instance / SECRET_KEY_FILE).write_text("changeme\n")
    with pytest.raises(ConfigError, match=str(instance / SECRET_KEY_FILE)):
        create_app()


@pytest.mark.parametrize("variable", ["ADVISOR_DEBUG", "ADVISOR_TESTING"])
def test_debugging_or_testing_without_a_key_uses_a_random_one_never_a_built_in_one(
        instance: Path, monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    import advisor

    monkeypatch.setenv(variable, "true")
    first, second = create_app().secret_key, create_app().secret_key
    assert first != second and len(first) >= 32
    # Nothing in the package's source holds it.
    for source in Path(advisor.__file__).parent.rglob("*.py"):
        assert first not in source.read_text()


def test_production_start_with_a_key_from_the_environment(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_SECRET_KEY", GOOD_KEY)
    assert create_app().secret_key == GOOD_KEY


def test_secret_key_file_in_the_instance_folder_is_used(instance: Path) -> None:
    (instance / SECRET_KEY_FILE).write_text(GOOD_KEY + "\n")
    app = create_app()
    assert app.secret_key == GOOD_KEY


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
    (tmp_path / SECRET_KEY_FILE).write_text(GOOD_KEY + "\n")
    ensure_secret_key_file(tmp_path)
    assert (tmp_path / SECRET_KEY_FILE).read_text() == GOOD_KEY + "\n"


@pytest.mark.parametrize("value", ["-1", "many", "9"])
def test_a_bad_proxy_hop_count_refuses_to_start_and_names_the_setting(
        instance: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ADVISOR_PROXY_HOPS", value)
    with pytest.raises(ConfigError, match="ADVISOR_PROXY_HOPS must be a whole number from 0 to 5"):
        create_app({"TESTING": True})


@pytest.mark.parametrize("name", ["IMPORT_MAX_ROWS", "SHARE_LINK_VIEWS_PER_MINUTE",
                                  "ADVICE_CACHE_SIZE"])
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


def test_an_unknown_sqlite_synchronous_level_is_refused_by_name(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_SQLITE_SYNCHRONOUS", "OFF")
    with pytest.raises(ConfigError, match="ADVISOR_SQLITE_SYNCHRONOUS must be FULL or NORMAL"):
        create_app({"TESTING": True})
