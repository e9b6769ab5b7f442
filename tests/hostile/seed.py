"""The hostile tests' Hypothesis seed: random on a developer's machine (new inputs each run),
fixed per commit in CI (CI=true), so a failure there reproduces with the same commit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def commit() -> str | None:
    """The commit under test: CI's own variable if it sets one, else git's HEAD."""
    for name in ("GITHUB_SHA", "CI_COMMIT_SHA"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).parent, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def ci_seed() -> int | None:
    """The seed in CI (from the commit's first 16 hex digits), else None (random)."""
    if os.environ.get("CI", "").strip().lower() not in ("true", "1", "yes"):
        return None
    sha = commit()
    try:
        return int(sha[:16], 16) if sha else None
    except ValueError:
        return None


def describe() -> str:
    seed = ci_seed()
    if seed is None:
        return "hostile tests: Hypothesis seed random (set CI=true to derive it from the commit)"
    return (f"hostile tests: Hypothesis seed {seed} (from commit {commit()}); reproduce with "
            f"CI=true at that commit, or pytest --hypothesis-seed={seed}")
