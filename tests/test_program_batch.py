"""What a batch of programs works out once and keeps: groups, and its regions' batches."""

from __future__ import annotations

import threading
from dataclasses import replace

from advisor.enums import ProgramType
from advisor.scoring.batch import ProgramBatch
from advisor.testing import make_program


def _east_batch() -> ProgramBatch:
    return ProgramBatch([replace(make_program(program_type=kind), regions=("east",))
                         for kind in ProgramType] + [make_program(state="TX")])


def test_two_threads_grouping_a_batch_at_once_get_the_same_groups():
    batch = _east_batch()
    both_started = threading.Barrier(2, timeout=5)
    found: list[dict] = []

    def key(program):  # type: ignore[no-untyped-def]
        if program is batch[0]:
            both_started.wait()
        return program.program_type

    threads = [threading.Thread(target=lambda: found.append(batch.grouped("kind", key)))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found[0] is found[1]
    for ids in found[0].values():
        assert batch.kept_positions(ids) == [batch.index[i] for i in ids]


def test_a_regions_batch_is_kept_and_its_groups_are_known_by_the_batch_holding_it():
    batch = _east_batch()
    east, positions, members = batch.region(["east"])
    assert batch.region({"east"})[0] is east
    assert list(east) == [batch[i] for i in positions] and members == set(positions)
    groups = east.grouped("kind", lambda p: p.program_type)
    assert len(groups) == len(ProgramType)
    for ids in groups.values():
        held = batch.kept_positions(ids, east)
        assert [batch[i].acgme_id for i in held] == list(ids)
        assert len({batch[i].program_type for i in held}) == 1
        assert batch.kept_positions(ids) is None  # not one of the batch's own groups
