"""What the core says about ECFMG certification, English and gaps in training.

Only what the profile records: a field left blank (None) is "not recorded", so it adds no
flag and no sentence, and is never read as "no". None of this changes a score; the facts and
their sources are in docs/sources.md ("Certification, English and gaps").
"""

from __future__ import annotations

from advisor.enums import EcfmgStatus, OetStatus, SpokenEnglish, Step1Result
from advisor.hooks.types import Applicant

# A gap of a year or more is one programs ask about (our threshold; 000 and 002 name gaps).
NOTABLE_GAP_MONTHS = 12

_OET_WORDS = {OetStatus.NOT_PASSED: "not passed yet", OetStatus.NOT_TAKEN: "not taken yet"}
_ECFMG_WORDS = {EcfmgStatus.CERTIFIED: "ECFMG certified",
                EcfmgStatus.IN_PROGRESS: "ECFMG certification in progress",
                EcfmgStatus.NOT_STARTED: "ECFMG certification not started"}
_DEADLINE = ("the Match withdraws an IMG unless ECFMG confirms the exam and English "
             "requirements by the rank order list deadline, and residency cannot start "
             "without the certificate")


def flags_and_notes(a: Applicant) -> tuple[list[str], list[str]]:
    """Flags, and short notes for the applicant summary, e.g. "ECFMG certification in
    progress"."""
    flags: list[str] = []
    notes: list[str] = []
    if a.ecfmg_status is not None:
        flags.append("ecfmg_certified" if a.ecfmg_status is EcfmgStatus.CERTIFIED
                     else "ecfmg_incomplete")
        notes.append(_ECFMG_WORDS[a.ecfmg_status])
    if a.oet_status in _OET_WORDS:
        flags.append(f"oet_{a.oet_status.value}")
        notes.append(f"OET Medicine {_OET_WORDS[a.oet_status]}")
    if a.spoken_english is SpokenEnglish.NEEDS_WORK:
        flags.append("spoken_english_needs_work")
        notes.append("spoken English needs work")
    months = a.training_gap_months
    if months is not None and months >= NOTABLE_GAP_MONTHS:
        flags.append("training_gap")
        if a.training_gap_explained is False:
            flags.append("training_gap_unexplained")
        notes.append(f"a {months}-month gap in training" + _explained(a.training_gap_explained,
                                                                     short=True))
    return flags, notes


def plan_notes(a: Applicant) -> list[str]:
    """Sentences for the plan's notes: the risks the recorded facts carry."""
    notes = []
    ecfmg_note = _ecfmg_note(a)
    if ecfmg_note:
        notes.append(ecfmg_note)
    months = a.training_gap_months
    if months is not None and months >= NOTABLE_GAP_MONTHS:
        notes.append(f"A gap of {months} months out of clinical training or practice is on "
                     f"record{_explained(a.training_gap_explained, short=False)}: programs ask "
                     "about a gap of a year or more and look for a brief, honest account of "
                     "the time, in the personal statement and at interview.")
    if a.spoken_english is SpokenEnglish.NEEDS_WORK:
        notes.append("Spoken English is recorded as needing work: programs judge "
                     "communication at interview, so a medical-communication course before "
                     "interview season would help.")
    return notes


def _ecfmg_note(a: Applicant) -> str | None:
    if a.ecfmg_status in (EcfmgStatus.IN_PROGRESS, EcfmgStatus.NOT_STARTED):
        text = f"ECFMG certification is recorded as {a.ecfmg_status.label.lower()}: {_DEADLINE}."
        still = _still_to_pass(a)
        if still:
            text += f" Still to pass, as the profile shows: {' and '.join(still)}."
        return text
    if a.ecfmg_status is None and a.oet_status in _OET_WORDS:
        # The certification status is not recorded, but the missing English test is.
        return (f"OET Medicine is recorded as {_OET_WORDS[a.oet_status]}: ECFMG certification "
                f"needs it passed, and {_DEADLINE}.")
    return None


def _still_to_pass(a: Applicant) -> list[str]:
    """What the profile shows as not yet passed of what certification needs; a blank says
    nothing."""
    still = []
    if a.step1_result is not Step1Result.PASS:
        still.append("Step 1")
    if a.step2ck_score is None:
        still.append("Step 2 CK")
    if a.oet_status in _OET_WORDS:
        still.append("OET Medicine")
    return still


def _explained(explained: bool | None, short: bool) -> str:
    if explained is True:
        return " (explained)" if short else ", with an explanation"
    if explained is False:
        return " (not explained yet)" if short else ", not explained yet"
    return "" if short else "; whether it is explained is not recorded"
