"""The office's own evidence: what happened when our graduates applied to a program.

A program that interviewed graduates like this applicant is more realistic than its IMG share
alone suggests; one that turned down every one of them is less. The rule moves a program's
score towards the interview rate of similar graduates, shrunk towards the score's own chance
so that one or two applications only nudge it.
"""

from __future__ import annotations

import math

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain, compress, repeat
from operator import add, is_not, itemgetter, mul, sub, truediv
from typing import NamedTuple, Protocol, overload

from advisor.enums import Citizenship, Factor, VisaNeed
from advisor.hooks.types import Applicant, ProgramInfo, ScoreAdjustment
from advisor.scoring.chances import ChanceModel

EVIDENCE_SOURCE = "office evidence"
# Graduates count as similar within this many Step 2 CK points and with the same visa need
# (needing one or not): the two things programs screen on first.
STEP2_WINDOW = 8
# How many applications the score's own chance is worth against the evidence.
PRIOR_WEIGHT = 5.0
MAX_DELTA = 20.0
MIN_DELTA = 0.5  # smaller moves are noise, not worth a reason line


@dataclass(frozen=True, slots=True)
class PastApplication:
    """One graduate's application as the evidence rule reads it (from an Outcome row)."""

    acgme_id: str
    season: int
    step2ck: int | None
    citizenship: Citizenship
    visa_needed: VisaNeed
    interviewed: bool
    ranked: bool = False
    matched: bool = False

    @property
    def needs_visa(self) -> bool:
        return self.visa_needed is not VisaNeed.NONE


class Evidence:
    """Past applications by program, for one assessment (or one season's calibration)."""

    def __init__(self, applications: Iterable[PastApplication]) -> None:
        self.by_program: dict[str, list[PastApplication]] = {}
        for app in applications:
            self.by_program.setdefault(app.acgme_id, []).append(app)
        # (needs a visa, Step 2 CK) -> the programs of those applications, once per
        # application, and of those that brought an interview; filled on first use: a student's
        # similar graduates are then a few lookups away instead of a pass over every application.
        self._by_profile: dict[tuple[bool, int | None],
                               tuple[tuple[str, ...], tuple[str, ...]]] | None = None

    def __len__(self) -> int:
        return sum(map(len, self.by_program.values()))

    def similar(self, applicant: Applicant, acgme_id: str) -> list[PastApplication]:
        """The applications to one program of graduates similar to `applicant`."""
        return [a for a in self.by_program.get(acgme_id, ()) if is_similar(applicant, a)]

    def similar_counts(self, applicant: Applicant) -> tuple[dict[str, int], dict[str, int]]:
        """How many graduates similar to `applicant` (is_similar) applied to each program, and
        how many of them were interviewed there (programs with none left out)."""
        if self._by_profile is None:
            by_profile: dict[tuple[bool, int | None], list[PastApplication]] = {}
            for apps in self.by_program.values():
                for app in apps:
                    by_profile.setdefault((app.needs_visa, app.step2ck), []).append(app)
            self._by_profile = {
                key: (tuple(a.acgme_id for a in apps),
                      tuple(a.acgme_id for a in apps if a.interviewed))
                for key, apps in by_profile.items()}
        step2 = applicant.step2ck_score
        scores = [None] if step2 is None else range(step2 - STEP2_WINDOW, step2 + STEP2_WINDOW + 1)
        found = [self._by_profile.get((applicant.needs_visa, score)) for score in scores]
        lists = [ids for ids in found if ids is not None]
        return (Counter(chain.from_iterable(applied for applied, _ in lists)),
                Counter(chain.from_iterable(interviewed for _, interviewed in lists)))


def is_similar(applicant: Applicant, app: PastApplication) -> bool:
    if app.needs_visa != applicant.needs_visa:
        return False
    if applicant.step2ck_score is None or app.step2ck is None:
        return applicant.step2ck_score is None and app.step2ck is None
    return abs(app.step2ck - applicant.step2ck_score) <= STEP2_WINDOW


class EvidenceMove(NamedTuple):
    """The evidence's change to one program's score: `position` in the batch, the `score` so
    far it was worked out against, and the rounded `delta` (its reason is written from the
    similar applications when it is read)."""

    position: int
    score: float
    delta: float


_move = partial(tuple.__new__, EvidenceMove)


class ScoresByPosition(Protocol):
    """Scores read by a program's position in the batch."""

    def __getitem__(self, i: int, /) -> float: ...


def evidence_moves(applicant: Applicant, index: Mapping[str, int], scores: ScoresByPosition,
                   evidence: Evidence, model: ChanceModel | None = None) -> list[EvidenceMove]:
    """The programs of the batch (`index`: acgme_id -> position) that the evidence moves,
    in no particular order; `scores` are the scores so far by position (clamped to 0-100
    here), read as chances with the applicant's own `model`."""
    model = model or ChanceModel.for_applicant(applicant)
    applied, interviewed = evidence.similar_counts(applicant)
    ids = list(applied)
    positions = list(map(index.get, ids))
    if None in positions:  # programs of other specialties
        kept = [j for j, i in enumerate(positions) if i is not None]
        ids = [ids[j] for j in kept]
        positions = [positions[j] for j in kept]
    so_far = list(map(min, repeat(100.0), map(max, repeat(0.0), map(
        scores.__getitem__, positions))))  # type: ignore[arg-type]  # no None left
    # The move depends only on the score so far and the counts, which thousands of programs
    # share: each distinct (score, interviewed, similar) is worked out once.
    keys = list(zip(so_far, map(interviewed.get, ids, repeat(0)), map(applied.__getitem__, ids)))
    distinct = list(set(keys))
    moved = dict(zip(distinct, _deltas(model, *zip(*distinct)))) if distinct else {}
    deltas = list(map(moved.__getitem__, keys))
    return list(map(_move, compress(zip(positions, so_far, deltas),
                                    map(is_not, deltas, repeat(None)))))


def _deltas(model: ChanceModel, scores: Sequence[float], interviewed: Sequence[int],
            similar: Sequence[int]) -> list[float | None]:
    """The rounded move of each score when `interviewed` of `similar` graduates were; None
    when it is too small to show. A column at a time (hundreds per assessment): the same
    arithmetic, in the same order, as one at a time."""
    priors = model.chances(scores, repeat(None))
    supports = map(truediv, map(add, interviewed, map(mul, repeat(PRIOR_WEIGHT), priors)),
                   map(add, similar, repeat(PRIOR_WEIGHT)))
    # The move in score points is the move in log-odds from the prior to the supported
    # chance: figured as "target score minus score", a chance clipped to the model's floor
    # would lift a program scored below the floor even when no graduate was interviewed.
    moves = map(truediv, map(sub, _logits(supports), _logits(priors)), repeat(model.slope))
    clamped = map(max, repeat(-MAX_DELTA), map(min, repeat(MAX_DELTA), moves))
    return [None if -MIN_DELTA < delta < MIN_DELTA else round(delta, 1) for delta in clamped]


def _logits(chances: Iterable[float]) -> Iterator[float]:
    """log(p / (1 - p)) of each chance; one that underflowed to 0, or rounded to 1, is taken
    as just above or below it."""
    clipped = list(map(min, repeat(1.0 - 1e-12), map(max, repeat(1e-12), chances)))
    return map(math.log, map(truediv, clipped, map(sub, repeat(1.0), clipped)))


class EvidenceAdjustments(Sequence[ScoreAdjustment]):
    """Moves read as ScoreAdjustments, each reason written only when it is read."""

    def __init__(self, applicant: Applicant, moves: Sequence[EvidenceMove],
                 ids: Sequence[str], evidence: Evidence) -> None:
        self.applicant, self.moves, self.ids, self.evidence = applicant, moves, ids, evidence

    def __len__(self) -> int:
        return len(self.moves)

    @overload
    def __getitem__(self, k: int) -> ScoreAdjustment: ...
    @overload
    def __getitem__(self, k: slice) -> list[ScoreAdjustment]: ...

    def __getitem__(self, k: int | slice) -> ScoreAdjustment | list[ScoreAdjustment]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        position, _, delta = self.moves[k]
        acgme_id = self.ids[position]
        return _adjustment((acgme_id, delta, evidence_reason(
            self.applicant, self.evidence.similar(self.applicant, acgme_id)), None,
            Factor.EVIDENCE))


# A ScoreAdjustment from one 5-tuple, without the named tuple's Python-level __new__.
_adjustment = partial(tuple.__new__, ScoreAdjustment)


def evidence_adjustments(applicant: Applicant, programs: Sequence[ProgramInfo],
                         scores: Sequence[float], evidence: Evidence,
                         model: ChanceModel | None = None) -> list[ScoreAdjustment]:
    """One adjustment per program with similar past applicants, in program order; `scores`
    are the scores so far, read as chances with the applicant's own `model`."""
    ids = [p.acgme_id for p in programs]
    moves = evidence_moves(applicant, {acgme_id: i for i, acgme_id in enumerate(ids)}, scores,
                           evidence, model)
    return list(EvidenceAdjustments(applicant, sorted(moves, key=itemgetter(0)), ids, evidence))


def evidence_reason(applicant: Applicant, similar: Sequence[PastApplication]) -> str:
    """E.g. "3 of our graduates with Step 2 CK 214-222 interviewed here since 2024 (of 5
    similar applicants)"."""
    return _reason_text(applicant.needs_visa,
                        tuple([(a.step2ck, a.season, a.interviewed) for a in similar]))


# (Step 2 CK, season, interviewed) of one application: all a reason says of it.
_Seen = tuple[int | None, int, bool]


@lru_cache(maxsize=4096)
def _reason_text(needs_visa: bool, similar: tuple[_Seen, ...]) -> str:
    """`evidence_reason`'s text, kept by what it says: thousands of programs share a few
    hundred."""
    interviewed = [app for app in similar if app[2]]
    if interviewed:
        who = _describe(needs_visa, interviewed)
        since = min(season for _, season, _ in interviewed)
        count = len(interviewed)
        text = (f"{count} of our graduates {who} interviewed here since {since}"
                if count > 1 else f"One of our graduates {who} interviewed here in {since}")
        if len(similar) > count:
            text += f" (of {len(similar)} similar applicants)"
        return text
    who = _describe(needs_visa, similar)
    since = min(season for _, season, _ in similar)
    if len(similar) == 1:
        return f"Our one graduate {who} who applied here ({since}) was not interviewed"
    return (f"None of our {len(similar)} graduates {who} who applied here since {since} "
            f"was interviewed")


def _describe(needs_visa: bool, apps: Sequence[_Seen]) -> str:
    scores = [step2 for step2, _, _ in apps if step2 is not None]
    step2 = (f"with Step 2 CK {min(scores)}-{max(scores)}" if len(set(scores)) > 1
             else f"with Step 2 CK {scores[0]}" if scores else "without a Step 2 CK score")
    return f"needing a visa, {step2}," if needs_visa else step2


@dataclass(frozen=True, slots=True)
class ProgramRecord:
    """What the program page shows of our graduates' history there."""

    applied: int
    interviewed: int
    ranked: int
    matched: int
    step2_range: tuple[int, int] | None
    seasons: tuple[int, ...]
    citizenship: Mapping[Citizenship, int]
    visas: Mapping[VisaNeed, int]


def program_record(apps: Sequence[PastApplication]) -> ProgramRecord:
    scores = [a.step2ck for a in apps if a.step2ck is not None]
    return ProgramRecord(
        applied=len(apps),
        interviewed=sum(a.interviewed for a in apps),
        ranked=sum(a.ranked for a in apps),
        matched=sum(a.matched for a in apps),
        step2_range=(min(scores), max(scores)) if scores else None,
        seasons=tuple(sorted({a.season for a in apps})),
        citizenship=dict(Counter(a.citizenship for a in apps)),
        visas=dict(Counter(a.visa_needed for a in apps)),
    )
