"""Tidying the app's own sentences as they are shown."""

from __future__ import annotations

import re

from markupsafe import Markup

# A full stop doubled where a value ending in one (a name such as "Dana P.") closes a sentence;
# an ellipsis ("...") is left alone.
_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def single_stops(text: str) -> str:
    """`text` with each doubled full stop made one; markup stays markup (only a dot goes)."""
    tidied = _DOUBLED_STOP.sub(".", str(text))
    return Markup(tidied) if isinstance(text, Markup) else tidied  # noqa: S704 - a dot removed
