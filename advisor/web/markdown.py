"""Markdown from plugins (advice, guides) to safe HTML."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Made on first use: the CLI registers the template filter but never renders a page.
    from markdown_it import MarkdownIt

    # Raw HTML in the source is escaped, not passed through, and markdown-it refuses
    # javascript: and similar links: advice text may quote what a user typed.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str | None) -> Markup:
    return Markup(_rendered(text or ""))  # noqa: S704 - html=False escapes raw HTML


@lru_cache(maxsize=128)
def _rendered(text: str) -> str:
    # A student's advice page, built again after a save, renders mostly the same strategy
    # texts (about 11 a page) as the last time.
    return _parser().render(text)
