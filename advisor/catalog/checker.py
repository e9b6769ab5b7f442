"""Catalog rows checked a chunk at a time, column by column, into the values a program stores.

For each column of a chunk the fast converter (advisor/catalog/bulk_cells.py) tries every cell
at once; when it cannot vouch for them all, or a required cell is blank, the column's field
(advisor/catalog/columns.py) checks each cell and names what is wrong. Then the rules that relate
cells of one row are checked, and the county is derived from the ZIP (once, with the state check).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError

from advisor.catalog.bulk_cells import convert_column
from advisor.catalog.columns import (
    COLUMNS, FIELDS, FORMULA_ESCAPE, SHARE_TOLERANCE, TEXT_COLUMNS, unguard_formula,
)
from advisor.geo import zip_table

# Problems per row: (column, message) in column order.
Problems = dict[int, list[tuple[str, str]]]

_COLUMN_ORDER = {name: i for i, name in enumerate(COLUMNS)}


@dataclass
class CheckedChunk:
    # Column name (`RowChecker.names`) -> each row's value; None also where a cell was wrong.
    values: dict[str, list[Any]]
    # Offset of a wrong row in the chunk -> its problems.
    problems: Problems = field(default_factory=dict)


class RowChecker:
    """Checks the rows of a file with these columns (known ones, as the reader checked)."""

    def __init__(self, columns: Sequence[str]) -> None:
        unknown = [name for name in columns if name not in FIELDS]
        if unknown:
            raise ValueError(f"not catalog columns: {', '.join(unknown)}")
        self.columns = tuple(columns)
        # A ZIP column brings the county derived from it.
        self.names = self.columns + (("county",) if "zip" in self.columns else ())

    def check(self, rows: Sequence[Sequence[str]]) -> CheckedChunk:
        """Check rows of cells, one per column each."""
        found: dict[int, list[tuple[int, str, str]]] = {}
        values = {name: self._column(name, cells, found)
                  for name, cells in zip(self.columns, zip(*rows))}
        if not values:
            return CheckedChunk({name: [] for name in self.names})
        self._cross_check(values, found)
        # Stable: a column's own messages come before those of the rules across columns.
        problems = {offset: [(column, message) for _, column, message
                             in sorted(listed, key=lambda problem: problem[0])]
                    for offset, listed in found.items()}
        return CheckedChunk(values, problems)

    def _column(self, name: str, cells: Sequence[str],
                found: dict[int, list[tuple[int, str, str]]]) -> list[Any]:
        texts = list(cells)
        if name in TEXT_COLUMNS:
            texts = list(map(str.strip, texts))
            if ("\n" + "\n".join(texts)).find("\n" + FORMULA_ESCAPE) >= 0:
                texts = [unguard_formula(text).strip() for text in texts]
        converted = convert_column(name, texts)
        if converted is not None:
            return converted
        field_ = FIELDS[name]
        order = _COLUMN_ORDER[name]
        values: list[Any] = []
        for offset, text in enumerate(texts):
            try:
                values.append(field_.deserialize(text.strip() or None))
            except ValidationError as error:
                values.append(None)
                listed = found.setdefault(offset, [])
                listed.extend((order, name, message) for message in _messages(error))
        return values

    def _cross_check(self, values: dict[str, list[Any]],
                     found: dict[int, list[tuple[int, str, str]]]) -> None:
        def report(offset: int, column: str, message: str) -> None:
            found.setdefault(offset, []).append((_COLUMN_ORDER[column], column, message))

        if "zip" in values:
            table = zip_table()
            places = list(map(table.get, values["zip"]))
            for offset, (place, state) in enumerate(zip(places, values["state"])):
                if place is not None and state is not None and place[0] != state:
                    report(offset, "zip", f"{values['zip'][offset]} is in {place[0]}, not {state}")
            values["county"] = [place[1] if place is not None else None for place in places]
        if "step2_min" in values and "step2_median" in values:
            for offset, (low, median) in enumerate(zip(values["step2_min"], values["step2_median"])):
                if low is not None and median is not None and low > median:
                    report(offset, "step2_median", f"{median} is below step2_min ({low})")
        if {"img_share", "us_img_share", "non_us_img_share"} <= values.keys():
            shares = zip(values["img_share"], values["us_img_share"], values["non_us_img_share"])
            for offset, (whole, us, non_us) in enumerate(shares):
                if (whole is not None and us is not None and non_us is not None
                        and us + non_us > whole + SHARE_TOLERANCE):
                    report(offset, "non_us_img_share",
                           f"us_img_share + non_us_img_share ({us + non_us:g}) is more than "
                           f"img_share ({whole:g})")


def _messages(error: ValidationError) -> list[str]:
    messages = error.messages
    return [messages] if isinstance(messages, str) else list(messages)


def check_row(cells: Mapping[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One row (column -> cell text): its values by name and its problems."""
    checked = RowChecker(list(cells)).check([list(cells.values())])
    return ({name: values[0] for name, values in checked.values.items()},
            checked.problems.get(0, []))
