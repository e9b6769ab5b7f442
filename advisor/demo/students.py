"""A dozen fictional applicants in the profile JSON shape, one or more per strategy.

Between them they cover US-citizen and non-US IMGs, low and middling Step 2 CK, a Step 1
failure on record, old graduation years, no, short and long US clinical experience, and each
region strategy; ECFMG certification done and in progress, OET Medicine not taken or not
passed, gaps in training explained and not, and one student with none of these recorded.
Graduation years count back from the season, so the profiles age with it.
"""

from __future__ import annotations

from typing import Any

DEMO_SEASON = 2026
NAME_PREFIX = "Demo: "


def _step(score: int | None, attempts: int = 1) -> dict[str, Any]:
    return {"score": score, "attempts": attempts if score is not None else 0}


def _step1(attempts: int = 1) -> dict[str, Any]:
    # Pass/fail era: more than one attempt means a failure on record before the pass.
    return {"result": "pass", "attempts": attempts, "score": None}


def _usce(kind: str, months: float, specialty: str, state: str, zip_code: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "months": months, "specialty": specialty, "state": state, "zip": zip_code}


def _letter(specialty: str, state: str, zip_code: str | None = None) -> dict[str, Any]:
    return {"specialty": specialty, "state": state, "zip": zip_code}


def _tie(kind: str, state: str, zip_code: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "state": state, "zip": zip_code}


def _readiness(ecfmg: str | None, oet: str | None, spoken: str | None,
               gap_months: int | None = None, explained: bool | None = None) -> dict[str, Any]:
    """ECFMG certification, English and the training gap; None: not recorded."""
    return {"ecfmg_status": ecfmg, "english": {"oet": oet, "spoken": spoken},
            "training_gap": {"months": gap_months, "explained": explained}}


def demo_students(season: int = DEMO_SEASON) -> list[dict[str, Any]]:
    """The demo profiles as JSON documents (codes, not enums), ready for `parse_profile`."""
    no_step3 = {"score": None, "passed": None}
    return [
        {   # Los Angeles: non-US IMG, Spanish, family in Boyle Heights.
            "name": NAME_PREFIX + "Ana R.", "citizenship": "non_us", "visa_needed": "j1",
            "step1": _step1(), "step2ck": _step(221), "step3": no_step3,
            "graduation_year": season - 2,
            "clinical_experience": [_usce("observership", 2.0, "internal_medicine", "CA", "90033")],
            "us_letters": [_letter("internal_medicine", "CA", "90033"), _letter("internal_medicine", "CA")],
            "publications": 0, "languages": ["spanish", "english"],
            "ties": [_tie("family", "CA", "90012")],
            "specialty": "internal_medicine", "backup_specialty": "family_medicine",
            "target_regions": ["los_angeles", "socal"],
            **_readiness("in_progress", "passed", "strong", 6),
        },
        {   # Bay Area hopeful: permanent resident, Mandarin, studied in San Francisco.
            "name": NAME_PREFIX + "Ben T.", "citizenship": "permanent_resident", "visa_needed": "none",
            "step1": _step1(), "step2ck": _step(229), "step3": no_step3,
            "graduation_year": season - 3,
            "clinical_experience": [_usce("elective", 2.0, "internal_medicine", "CA", "94110"),
                                    _usce("observership", 1.0, "internal_medicine", "CA", "94305")],
            "us_letters": [_letter("internal_medicine", "CA", "94110"), _letter("internal_medicine", "CA")],
            "publications": 1, "languages": ["mandarin", "english"],
            "ties": [_tie("education", "CA", "94110")],
            "specialty": "internal_medicine", "backup_specialty": "family_medicine",
            "target_regions": ["bay_area"],
            **_readiness("certified", "passed", "strong", 0),
        },
        {   # H-1B seeker who passed Step 3 before applying.
            "name": NAME_PREFIX + "Chidi O.", "citizenship": "non_us", "visa_needed": "h1b",
            "step1": _step1(), "step2ck": _step(233), "step3": {"score": 218, "passed": True},
            "graduation_year": season - 4,
            "clinical_experience": [_usce("externship", 3.0, "internal_medicine", "TX", "77030")],
            "us_letters": [_letter("internal_medicine", "TX", "77030") for _ in range(3)],
            "publications": 2, "languages": ["english", "igbo"], "ties": [],
            "specialty": "internal_medicine", "backup_specialty": "prelim_internal_medicine",
            "target_regions": ["nationwide"],
            **_readiness("certified", "passed", "strong", 0),
        },
        {   # Pacific Coast: non-US IMG with rotations in Seattle and Portland.
            "name": NAME_PREFIX + "Dana P.", "citizenship": "non_us", "visa_needed": "j1",
            "step1": _step1(), "step2ck": _step(216), "step3": no_step3,
            "graduation_year": season - 3,
            "clinical_experience": [_usce("subinternship", 1.0, "internal_medicine", "WA", "98104"),
                                    _usce("elective", 2.0, "internal_medicine", "OR", "97239"),
                                    _usce("observership", 1.5, "family_medicine", "CA")],
            "us_letters": [_letter("internal_medicine", "WA", "98104"),
                           _letter("internal_medicine", "OR", "97239"),
                           _letter("family_medicine", "CA")],
            "publications": 0, "languages": ["tagalog", "english"],
            "ties": [_tie("work", "WA", "98104")],
            "specialty": "internal_medicine", "backup_specialty": "family_medicine",
            "target_regions": ["pacific_coast"],
            **_readiness("in_progress", "passed", "adequate", 4),
        },
        {   # Nationwide: US-citizen IMG, low Step 2 CK, long US core clerkships.
            "name": NAME_PREFIX + "Eli M.", "citizenship": "us_citizen", "visa_needed": "none",
            "step1": _step1(), "step2ck": _step(214), "step3": no_step3,
            "graduation_year": season - 1,
            "clinical_experience": [_usce("clerkship", 5.0, "internal_medicine", "NY", "11355"),
                                    _usce("clerkship", 3.0, "family_medicine", "FL")],
            "us_letters": [_letter("internal_medicine", "NY", "11355") for _ in range(2)]
                          + [_letter("family_medicine", "FL") for _ in range(2)],
            "publications": 0, "languages": ["english"], "ties": [_tie("family", "FL")],
            "specialty": "internal_medicine", "backup_specialty": "family_medicine",
            "target_regions": ["nationwide"],
            **_readiness("in_progress", "not_taken", "strong", 0),
        },
        {   # Southern California: US-citizen IMG, a Step 1 failure, then a strong Step 2 CK.
            "name": NAME_PREFIX + "Farah S.", "citizenship": "us_citizen", "visa_needed": "none",
            "step1": _step1(attempts=2), "step2ck": _step(238), "step3": no_step3,
            "graduation_year": season - 2,
            "clinical_experience": [_usce("elective", 3.0, "psychiatry", "CA", "92103")],
            "us_letters": [_letter("psychiatry", "CA", "92103"), _letter("psychiatry", "CA")],
            "publications": 1, "languages": ["arabic", "english"],
            "ties": [_tie("family", "CA", "92103")],
            "specialty": "psychiatry", "backup_specialty": "family_medicine",
            "target_regions": ["socal"],
            **_readiness("certified", "passed", "strong", 0),
        },
        {   # Graduated long ago, one short observership.
            "name": NAME_PREFIX + "Gustavo L.", "citizenship": "non_us", "visa_needed": "j1_or_h1b",
            "step1": _step1(), "step2ck": _step(224), "step3": no_step3,
            "graduation_year": season - 11,
            "clinical_experience": [_usce("observership", 1.0, "internal_medicine", "FL", "33136")],
            "us_letters": [_letter("internal_medicine", "FL", "33136")],
            "publications": 3, "languages": ["spanish", "portuguese", "english"], "ties": [],
            "specialty": "internal_medicine", "backup_specialty": "family_medicine",
            "target_regions": ["nationwide"],
            **_readiness("certified", "passed", "adequate", 30, explained=True),
        },
        {   # No US clinical experience and no US letters yet; very low Step 2 CK.
            "name": NAME_PREFIX + "Hana K.", "citizenship": "non_us", "visa_needed": "j1",
            "step1": _step1(), "step2ck": _step(207), "step3": no_step3,
            "graduation_year": season - 5,
            "clinical_experience": [], "us_letters": [],
            "publications": 0, "languages": ["korean", "english"],
            "ties": [_tie("family", "CA", "90006")],
            "specialty": "family_medicine", "backup_specialty": "psychiatry",
            "target_regions": ["socal"],
            **_readiness("in_progress", "not_passed", "needs_work", 14, explained=False),
        },
        {   # Research year in Detroit: long US experience, publications, middling score.
            "name": NAME_PREFIX + "Ivan P.", "citizenship": "permanent_resident", "visa_needed": "none",
            "step1": _step1(), "step2ck": _step(219), "step3": no_step3,
            "graduation_year": season - 6,
            "clinical_experience": [_usce("research", 12.0, "internal_medicine", "MI", "48201"),
                                    _usce("observership", 2.0, "internal_medicine", "MI", "48201")],
            "us_letters": [_letter("internal_medicine", "MI", "48201") for _ in range(3)],
            "publications": 6, "languages": ["russian", "english"],
            "ties": [_tie("work", "MI", "48201")],
            "specialty": "internal_medicine", "backup_specialty": "neurology",
            "target_regions": ["nationwide"],
            **_readiness("certified", "passed", "strong", 12, explained=True),
        },
        {   # Bay Area pediatrics: recent graduate, good score, Cantonese.
            "name": NAME_PREFIX + "Jia W.", "citizenship": "non_us", "visa_needed": "j1",
            "step1": _step1(), "step2ck": _step(241), "step3": no_step3,
            "graduation_year": season - 1,
            "clinical_experience": [_usce("elective", 2.0, "pediatrics", "CA", "94609")],
            "us_letters": [_letter("pediatrics", "CA", "94609"), _letter("pediatrics", "CA")],
            "publications": 2, "languages": ["cantonese", "mandarin", "english"],
            "ties": [_tie("volunteer", "CA", "94609")],
            "specialty": "pediatrics", "backup_specialty": "family_medicine",
            "target_regions": ["bay_area"],
            **_readiness("in_progress", "passed", "strong", 0),
        },
        {   # Graduating this season, Step 2 CK not taken yet.
            "name": NAME_PREFIX + "Kofi A.", "citizenship": "us_citizen", "visa_needed": "none",
            "step1": _step1(), "step2ck": _step(None), "step3": no_step3,
            "graduation_year": season,
            "clinical_experience": [_usce("clerkship", 3.0, "neurology", "IL", "60612")],
            "us_letters": [_letter("neurology", "IL", "60612")],
            "publications": 0, "languages": ["english", "twi"], "ties": [_tie("family", "IL")],
            "specialty": "neurology", "backup_specialty": "internal_medicine",
            "target_regions": ["nationwide"],
            **_readiness(None, None, None),
        },
        {   # Several attempts on both exams, older graduate, aiming west anyway.
            "name": NAME_PREFIX + "Lina H.", "citizenship": "non_us", "visa_needed": "j1",
            "step1": _step1(attempts=3), "step2ck": _step(209, attempts=2), "step3": no_step3,
            "graduation_year": season - 7,
            "clinical_experience": [_usce("observership", 1.0, "family_medicine", "MI", "48201")],
            "us_letters": [_letter("family_medicine", "MI")],
            "publications": 0, "languages": ["arabic", "french", "english"], "ties": [],
            "specialty": "family_medicine", "backup_specialty": "psychiatry",
            "target_regions": ["pacific_coast"],
            **_readiness("in_progress", "passed", "adequate", 24),
        },
    ]
