"""The general Southern California strategy guide, kept as Markdown beside this module."""

from __future__ import annotations

from importlib.resources import files

from advisor.hooks.types import GuidePage

from advisor_socal.region import REGION


def guide_page() -> GuidePage:
    body = files("advisor_socal").joinpath("guide.md").read_text(encoding="utf-8")
    return GuidePage(slug=REGION.slug, title="Southern California for US-citizen IMGs",
                     summary="Where a US-citizen IMG with modest scores can match between Los "
                             "Angeles, San Diego and the Inland Empire, and how to get there.",
                     body=body)
