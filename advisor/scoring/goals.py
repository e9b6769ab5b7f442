"""How many interview invitations a list should aim for, by specialty.

8 for internal medicine, family medicine, pediatrics and psychiatry: the median number of
interviews of IMGs who matched (NRMP Applicant Survey; docs/sources.md). No published
per-applicant figure is at hand for the other specialties, so they aim for 10, a little more,
since their programs interview more applicants per position. An office can change any of them
(ADVISOR_INTERVIEW_GOALS, e.g. "neurology=9,pathology=9"; ADVISOR_INTERVIEW_GOAL_DEFAULT).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from advisor.enums import Specialty

MATCHED_IMG_MEDIAN = 8.0
DEFAULT_GOAL = 10.0
PUBLISHED_GOALS: Mapping[Specialty, float] = MappingProxyType({
    Specialty.INTERNAL_MEDICINE: MATCHED_IMG_MEDIAN,
    Specialty.FAMILY_MEDICINE: MATCHED_IMG_MEDIAN,
    Specialty.PEDIATRICS: MATCHED_IMG_MEDIAN,
    Specialty.PSYCHIATRY: MATCHED_IMG_MEDIAN,
})
GOAL_RANGE = (1.0, 50.0)


@dataclass(frozen=True, slots=True)
class InterviewGoals:
    """The office's goals: its own figure per specialty where it set one, else the published."""

    by_specialty: Mapping[Specialty, float] = field(default_factory=lambda: PUBLISHED_GOALS)
    default: float = DEFAULT_GOAL

    def goal(self, specialty: Specialty) -> float:
        return self.by_specialty.get(specialty, self.default)

    @classmethod
    def parse(cls, text: str, default: float = DEFAULT_GOAL) -> InterviewGoals:
        """Read "internal_medicine=8,neurology=9" on top of the published goals.

        Raises ValueError naming the bad entry, so a misspelt setting stops the app at
        start-up rather than silently planning with the wrong goal.
        """
        table = dict(PUBLISHED_GOALS)
        for item in filter(None, (part.strip() for part in text.split(","))):
            code, sep, value = item.partition("=")
            try:
                specialty = Specialty(code.strip())
                goal = float(value) if sep else float("nan")
            except ValueError:
                raise ValueError(f"INTERVIEW_GOALS: {item!r} is not specialty=number "
                                 f"(specialties: {', '.join(Specialty.codes())})") from None
            if not GOAL_RANGE[0] <= goal <= GOAL_RANGE[1]:
                raise ValueError(f"INTERVIEW_GOALS: {item!r}: a goal is "
                                 f"{GOAL_RANGE[0]:g} to {GOAL_RANGE[1]:g} interviews")
            table[specialty] = goal
        if not GOAL_RANGE[0] <= default <= GOAL_RANGE[1]:
            raise ValueError(f"INTERVIEW_GOAL_DEFAULT: {default:g} is not "
                             f"{GOAL_RANGE[0]:g} to {GOAL_RANGE[1]:g} interviews")
        return cls(MappingProxyType(table), default)


PUBLISHED = InterviewGoals()
