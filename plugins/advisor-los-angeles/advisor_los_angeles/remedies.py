"""What else would help when a Los Angeles list cannot reach its interview goal, chosen from
the profile: more of the guide's third tier, Step 3 where the guide asks for it, a year spent
strengthening the file in Los Angeles. The core adds the generic ones."""

from __future__ import annotations

from advisor.enums import RemedyKind, VisaNeed
from advisor.hooks.types import Applicant, Remedy

from advisor_los_angeles.profile import la_hands_on, wants_step3

OLD_YEARS = 5

def remedies(applicant: Applicant) -> tuple[Remedy, ...]:
    sponsoring = " that sponsor your visa" if applicant.needs_visa else ""
    found = [Remedy(RemedyKind.WIDER,
                    "Lean harder on breadth: add IMG-friendly programs" + sponsoring + " in the "
                    "rest of California and in other states, where the list's volume is meant "
                    "to come from.")]
    if _step3_helps(applicant):
        found.append(Remedy(RemedyKind.STEP3,
                            "Pass Step 3 before applying: it opens programs that sponsor H-1B "
                            "and shows the exam record is improving."))
    found.append(Remedy(RemedyKind.STRENGTHEN, _strengthening_year(applicant)))
    return tuple(found)


def _step3_helps(a: Applicant) -> bool:
    h1b_route = a.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B)
    return not a.step3_passed and (h1b_route or wants_step3(a))

def _strengthening_year(a: Applicant) -> str:
    if a.step2ck_score is None:
        return ("Apply once a strong Step 2 CK is in: LA programs screen on it before reading "
                "anything else.")
    if la_hands_on(a) == 0 or a.years_since_graduation >= OLD_YEARS:
        return ("Spend a year on hands-on clinical work in Los Angeles and reapply with LA "
                "letters and recent US experience.")
    return ("Spend a year on clinical research or quality improvement at an LA institution to "
            "add publications, academic letters and contacts before reapplying.")
