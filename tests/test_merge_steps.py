"""The engine adds a region source's nets to a few programs one by one and to many a column
at a time; both ways must give every program the same total, to the last bit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.enums import Factor
from advisor.scoring import engine

deltas = st.floats(-30, 30, allow_nan=False).map(lambda x: round(x, 1))
nets = st.one_of(deltas, st.tuples(deltas.map(abs), deltas.map(lambda x: -abs(x))))
FACTORS = [Factor.STEP2CK, Factor.VISA, Factor.USCE, Factor.OTHER]


@given(st.data())
def test_few_programs_one_by_one_and_many_by_column_give_the_same_totals(data) -> None:  # type: ignore[no-untyped-def]
    n = data.draw(st.integers(1, engine._FEW - 1))
    totals = data.draw(st.lists(deltas, min_size=n, max_size=n))
    columns = {}
    for factor in data.draw(st.lists(st.sampled_from(FACTORS), unique=True)):
        strongest = data.draw(st.lists(deltas, min_size=n, max_size=n))
        weakest = data.draw(st.one_of(st.none(), st.lists(deltas.map(lambda x: -abs(x)),
                                                          min_size=n, max_size=n)))
        columns[factor] = (strongest, weakest)
    steps = data.draw(st.lists(st.tuples(st.sampled_from(FACTORS), nets), max_size=5))
    positions = data.draw(st.permutations(range(n)))
    one_by_one, by_column = list(totals), list(totals)
    engine._Blocks._add_steps(steps, columns, positions, one_by_one)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_FEW", 0)
        engine._Blocks._add_steps(steps, columns, positions, by_column)
    assert one_by_one == by_column
