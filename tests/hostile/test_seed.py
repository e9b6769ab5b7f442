"""The hostile tests explore new inputs each run, and in CI use a seed fixed by the commit."""

from __future__ import annotations

from .conftest import _SETTINGS
from .seed import ci_seed, describe

SHA = "0123456789abcdef0123456789abcdef01234567"


def test_outside_ci_the_seed_is_random(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert ci_seed() is None and "random" in describe()


def test_in_ci_the_seed_comes_from_the_commit_and_is_printed(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("GITHUB_SHA", SHA)
    assert ci_seed() == 0x0123456789ABCDEF
    assert str(0x0123456789ABCDEF) in describe() and SHA in describe()


def test_hostile_settings_are_not_derandomized():
    assert _SETTINGS.derandomize is False
