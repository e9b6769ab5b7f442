"""The programs one assessment scores, with what can be worked out once per catalog instead of
once per request: each program's position, the programs of each region, and the programs
grouped by the fields a rule reads.

The catalog cache keeps one batch per specialty (filled in when the catalog loads) and joins
the student's specialties per request; a plain list of programs (tests, calibration) becomes a
batch of its own, worked out as it is used. A region's programs are a batch of their own too,
kept with the batch they come from, so a region plugin's groups are also worked out once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from operator import attrgetter
from typing import Any

from advisor.hooks.types import ProgramInfo

Fields = tuple[str, ...]
Key = Callable[[ProgramInfo], tuple[Any, ...]]
# Group "fields" that are not a program's fields: a key function's name (`grouped`), and a
# region's groups as the batch holding the region knows them (`region`).
# What a batch keeps of a group it made: (its ids, its fields, their values, its positions, the
# batch that made it: this one, or one of its regions).
Known = tuple[tuple[str, ...], Fields, tuple[Any, ...], list[int], "ProgramBatch"]
KEY_MARK = "="
REGION_MARK = "@"
# `grouped`'s name -> key -> the number standing for it in every batch.
_KEY_NUMBERS: dict[str, dict[Hashable, int]] = {}
_NUMBERING = threading.Lock()


def values_of(fields: Fields) -> Callable[[ProgramInfo], tuple[Any, ...]]:
    """A program's values of `fields`, as a tuple."""
    get = attrgetter(*fields)
    if len(fields) == 1:
        return lambda program: (get(program),)
    return get


class ProgramBatch(tuple[ProgramInfo, ...]):
    """An immutable sequence of ProgramInfo that remembers what was worked out about it.

    A tuple, so an office-wide plugin can be handed the batch itself. Whatever it remembers
    depends only on its programs, so two threads working out the same thing at once agree.
    """

    _parts: tuple[ProgramBatch, ...]
    _ids: tuple[str, ...] | None
    _index: dict[str, int] | None
    _id_order: list[int] | None
    _int_list: list[int] | None
    _regions: dict[str, list[int]] | None
    _classes: dict[Fields, dict[tuple[Any, ...], tuple[str, ...]]]
    # id of a group's tuple -> what is kept of the group
    _groups: dict[int, Known]
    _memos: dict[str, dict[Any, Any]]
    _values_at: dict[Fields, list[tuple[Any, ...]]]
    # region slugs -> (the region's batch, its positions here, the same as a set)
    _subs: dict[frozenset[str], tuple[ProgramBatch, list[int], frozenset[int]]]
    _own: dict[str, dict[Any, Any]]

    def __new__(cls, programs: Iterable[ProgramInfo] = ()) -> ProgramBatch:
        self = super().__new__(cls, programs)
        self._parts = ()
        self._ids = None
        self._index = None
        self._id_order = None
        self._int_list = None
        self._regions = None
        self._classes = {}
        self._groups = {}
        self._memos = {}
        self._values_at = {}
        self._subs = {}
        self._own = {}
        return self

    @classmethod
    def of(cls, programs: Sequence[ProgramInfo]) -> ProgramBatch:
        return programs if isinstance(programs, ProgramBatch) else cls(programs)

    @classmethod
    def join(cls, parts: Sequence[ProgramBatch]) -> ProgramBatch:
        """The parts one after the other; what each part remembers is reused, not redone."""
        if len(parts) == 1:
            return parts[0]
        joined = cls(p for part in parts for p in part)
        joined._parts = tuple(parts)
        return joined

    # ------------------------------------------------------------------ positions

    @property
    def ids(self) -> tuple[str, ...]:
        """Each program's acgme_id, in batch order."""
        if self._ids is None:
            self._ids = tuple(map(attrgetter("acgme_id"), self))
        return self._ids

    @property
    def index(self) -> dict[str, int]:  # type: ignore[override]  # a batch is found by acgme_id, never by value
        """acgme_id -> position in the batch."""
        if self._index is None:
            self._index = dict(zip(self.ids, self._ints()))
        return self._index

    @property
    def id_order(self) -> list[int]:
        """The positions in acgme_id order (a copy)."""
        if self._id_order is None:
            if self._parts:
                order, offset, ints = [], 0, self._ints()
                for part in self._parts:
                    order += [ints[i + offset] for i in part.id_order]
                    offset += len(part)
            else:
                order = list(self._ints())
            # The parts' orders are sorted runs, which the sort merges.
            order.sort(key=self.ids.__getitem__)
            self._id_order = order
        return list(self._id_order)

    def in_regions(self, slugs: Iterable[str]) -> list[int]:
        """The positions of the programs in any of these regions, in batch order."""
        regions = self._region_positions()
        found = [regions.get(slug, ()) for slug in slugs]
        found = [f for f in found if f]
        if len(found) == 1:
            return list(found[0])
        return sorted(set().union(*found))

    def _region_positions(self) -> dict[str, list[int]]:
        if self._regions is None:
            regions: dict[str, list[int]] = {}
            ints = self._ints()
            if self._parts:
                offset = 0
                for part in self._parts:
                    for slug, positions in part._region_positions().items():
                        regions.setdefault(slug, []).extend([ints[i + offset] for i in positions])
                    offset += len(part)
            else:
                for i, program in zip(ints, self):
                    for slug in program.regions:
                        regions.setdefault(slug, []).append(i)
            self._regions = regions
        return self._regions

    # ------------------------------------------------------------------ groups

    def classes(self, fields: Fields) -> dict[tuple[Any, ...], tuple[str, ...]]:
        """The programs grouped by their values of `fields`: values -> acgme_ids in batch
        order, the groups in the order their first program comes. The batch knows each group's
        tuple again (`group_of`, `positions`)."""
        found = self._classes.get(fields)
        return found if found is not None else self._make_classes(fields, values_of(fields))

    def grouped(self, name: str, key: Callable[[ProgramInfo], Hashable]
                ) -> dict[tuple[Any, ...], tuple[str, ...]]:
        """The programs grouped by `key(program)`, as `classes` groups them by fields: for a
        rule that reads a program through a few derived values (where it sits, a band). Worked
        out once per batch and `name`, so the name must say everything the key depends on
        besides the program (the plugin, its content). Each group's values are a number
        standing for its key, the same in every batch: the reasons look groups up by their
        values, and a key holding enums costs a Python call each time it is hashed."""
        fields = (KEY_MARK + name,)
        found = self._classes.get(fields)
        if found is not None:
            return found
        numbers = _KEY_NUMBERS.setdefault(name, {})

        def numbered(program: ProgramInfo) -> tuple[int]:
            found_key = key(program)
            number = numbers.get(found_key)
            if number is None:
                with _NUMBERING:  # no two keys get the same number
                    number = numbers.setdefault(found_key, len(numbers))
            return (number,)

        return self._make_classes(fields, numbered)

    def _make_classes(self, fields: Fields, key: Key) -> dict[tuple[Any, ...], tuple[str, ...]]:
        ids: dict[tuple[Any, ...], list[str]] = {}
        positions: dict[tuple[Any, ...], list[int]] = {}
        ints = self._ints()
        if self._parts:
            offset = 0
            for part in self._parts:
                kept = part._classes.get(fields)
                for values, part_ids in (kept if kept is not None
                                         else part._make_classes(fields, key)).items():
                    ids.setdefault(values, []).extend(part_ids)
                    positions.setdefault(values, []).extend(
                        [ints[i + offset] for i in part.positions(part_ids)])
                offset += len(part)
        else:
            for i, program in zip(ints, self):
                values = key(program)
                ids.setdefault(values, []).append(program.acgme_id)
                positions.setdefault(values, []).append(i)
        found: dict[tuple[Any, ...], tuple[str, ...]] = {}
        for values, group in ids.items():
            group_ids = found[values] = tuple(group)
            self._groups[id(group_ids)] = (group_ids, fields, values, positions[values], self)
        # Two threads may work out the same groups at once: both use the first one kept (its
        # groups were known before it was kept).
        return self._classes.setdefault(fields, found)

    # ------------------------------------------------------------------ regions

    def region(self, slugs: Iterable[str]
               ) -> tuple[ProgramBatch, list[int], frozenset[int]]:
        """The programs in any of these regions, as a batch of their own (in batch order), and
        their positions here, as a list and as a set. All are kept with this batch, and the
        region's batch of a joined batch is joined from its parts' own, so what a region plugin
        works out on it is worked out once per catalog. This batch knows the region batch's
        groups too (`kept_positions`, `group_of`), by their positions here."""
        wanted = frozenset(slugs)
        kept = self._subs.get(wanted)
        if kept is None:
            positions = self.in_regions(wanted)
            if self._parts:
                sub = ProgramBatch.join([part.region(wanted)[0] for part in self._parts])
            else:
                sub = ProgramBatch(self[i] for i in positions)
            kept = self._subs.setdefault(wanted, (sub, positions, frozenset(positions)))
        return kept

    def _known(self, ids: Sequence[str]) -> Known | None:
        """What is kept of `ids` when it is one of the groups this batch or one of its region
        batches made."""
        known = self._groups.get(id(ids))
        if known is not None and known[0] is ids:
            return known
        for slugs, (sub, positions, _) in list(self._subs.items()):
            theirs = sub._groups.get(id(ids))
            if theirs is not None and theirs[0] is ids:
                self._adopt(slugs, sub, positions, theirs[1])
                known = self._groups.get(id(ids))
                return known if known is not None and known[0] is ids else None
        return None

    def _adopt(self, slugs: frozenset[str], sub: ProgramBatch, positions: list[int],
               fields: Fields) -> None:
        """Know a region batch's groups of `fields` here, by their positions here."""
        mine = (REGION_MARK + ",".join(sorted(slugs)), *fields)
        classes = sub._classes[fields]
        for values, group_ids in classes.items():
            self._groups[id(group_ids)] = (
                group_ids, mine, values, [positions[j] for j in sub._groups[id(group_ids)][3]],
                sub)
        self._classes.setdefault(mine, classes)

    def _ints(self) -> list[int]:
        # The positions as one list of int objects, shared by every list of positions the
        # batch keeps (each a reference, not an int of its own).
        if self._int_list is None:
            self._int_list = list(range(len(self)))
        return self._int_list

    def positions(self, ids: Sequence[str]) -> list[int]:
        """The positions of these acgme_ids (None for one not in the batch); for a group of
        `classes`, kept from when the group was made."""
        kept = self.kept_positions(ids)
        if kept is not None:
            return kept
        # None marks an id not in the batch; callers check for it before use.
        found: list[int] = list(map(self.index.get, ids))  # type: ignore[arg-type]  # see above
        return found

    def values_at(self, fields: Fields) -> list[tuple[Any, ...]]:
        """Each program's values of `fields`, by position (from `classes`, kept)."""
        found = self._values_at.get(fields)
        if found is None:
            found = [()] * len(self)
            for ids in self.classes(fields).values():
                _, _, values, positions, _ = self._groups[id(ids)]
                for i in positions:
                    found[i] = values
            self._values_at[fields] = found
        return found

    def kept_positions(self, ids: Sequence[str], made_by: ProgramBatch | None = None
                       ) -> list[int] | None:
        """The positions here kept for `ids` when it is one of the groups made by `made_by`
        (this batch unless given, or one of its region batches), else None."""
        known = self._known(ids)
        return known[3] if known is not None and known[4] is (made_by or self) else None

    def known_groups(self, named: Iterable[Sequence[str]]) -> list[Known | None]:
        """What is kept of each of `named` (`_known`), in one call: an answer names hundreds.
        A record is (the ids, the group's fields, their values, its positions here, the batch
        that made it)."""
        groups, found = self._groups, []
        for ids in named:
            known = groups.get(id(ids))
            if known is None or known[0] is not ids:
                known = self._known(ids)
            found.append(known)
        return found

    def group_of(self, ids: Sequence[str]) -> tuple[Fields, tuple[Any, ...]] | None:
        """(fields, values) when `ids` is one of the groups this batch or one of its region
        batches made, else None."""
        known = self._known(ids)
        return (known[1], known[2]) if known is not None else None

    def memo(self, name: str) -> dict[Any, Any]:
        """A table kept with the batch for facts that depend only on the values they are keyed
        by (so the tables of joined parts can be merged). A joined batch starts from its parts'."""
        table = self._memos.get(name)
        if table is None:
            table = {}
            for part in self._parts:
                table.update(part.memo(name))
            self._memos[name] = table
        return table

    def own(self, name: str) -> dict[Any, Any]:
        """A table kept with this batch alone (a joined batch does not start from its parts'),
        for what depends on the batch's own positions."""
        table = self._own.get(name)
        if table is None:
            table = self._own[name] = {}
        return table
