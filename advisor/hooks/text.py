"""Small wording helpers for advice, shared by every strategy and its templates."""

from __future__ import annotations

from collections.abc import Iterable

from advisor.enums import VisaNeed

# How advice names each visa need: "you need J-1 sponsorship".
VISA_LABELS: dict[VisaNeed, str] = {
    VisaNeed.NONE: "no",
    VisaNeed.J1: "J-1",
    VisaNeed.H1B: "H-1B",
    VisaNeed.J1_OR_H1B: "J-1 or H-1B",
}


def join(items: Iterable[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'; an empty list gives ''."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def plural(n: float, noun: str, many: str | None = None) -> str:
    """'1 month', '2.5 months', '3 letters'; `many` for irregular plurals."""
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {noun if n == 1 else many or noun + 's'}"


def visa_label(need: VisaNeed) -> str:
    return VISA_LABELS[need]
