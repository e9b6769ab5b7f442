"""Markdown from plugins (advice, guides) to safe HTML."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in the source is escaped, not passed through, and markdown-it refuses
# javascript: and similar links: advice text may quote what a user typed.
_md = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str | None) -> Markup:
    return Markup(_md.render(text or ""))  # noqa: S704 - html=False escapes raw HTML
