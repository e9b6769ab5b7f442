"""Between a parsed profile (see `advisor.profile_schema.parse_profile`) and a Student row.

The CLI, the web forms, the API and the demo loader all store and read profiles through these
three functions, so the JSON shape and the tables cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from advisor.models.student import ClinicalExperience, RegionalTie, Student, UsLetter
from advisor.profile_schema import dump_profile


def student_from_profile(profile: dict[str, Any]) -> Student:
    """A new, unsaved Student holding a parsed profile."""
    student = Student()
    apply_profile(student, profile)
    return student


def apply_profile(student: Student, profile: dict[str, Any]) -> None:
    """Overwrite the student's profile, child rows included, with a parsed profile.

    The child rows are replaced wholesale (the old ones are deleted on flush); their county is
    derived from the ZIP when they are written.
    """
    step1, step2, step3 = profile["step1"], profile["step2ck"], profile["step3"]
    student.name = profile["name"]
    student.citizenship = profile["citizenship"]
    student.visa_needed = profile["visa_needed"]
    student.step1_result = step1["result"]
    student.step1_attempts = step1["attempts"]
    student.step1_score = step1["score"]
    student.step2ck_score = step2["score"]
    student.step2ck_attempts = step2["attempts"]
    student.step3_score = step3["score"]
    student.step3_passed = step3["passed"]
    student.graduation_year = profile["graduation_year"]
    student.publications = profile["publications"]
    student.languages = list(profile["languages"])
    student.specialty = profile["specialty"]
    student.backup_specialty = profile["backup_specialty"]
    student.target_regions = list(profile["target_regions"])
    # Denormalised as ",los_angeles,socal," so lists can filter by strategy with LIKE.
    student.target_regions_key = "," + "".join(f"{region}," for region in student.target_regions)
    student.clinical_experiences = [
        ClinicalExperience(kind=e["kind"], months=e["months"], specialty=e["specialty"],
                           state=e["state"], zip=e["zip"])
        for e in profile["clinical_experience"]
    ]
    student.us_letters = [
        UsLetter(specialty=letter["specialty"], state=letter["state"], zip=letter["zip"])
        for letter in profile["us_letters"]
    ]
    student.ties = [
        RegionalTie(kind=t["kind"], state=t["state"], zip=t["zip"]) for t in profile["ties"]
    ]


def profile_from_student(student: Student) -> dict[str, Any]:
    """The student's profile in its JSON shape (codes, not enums), as `dump_profile` gives it."""
    return dump_profile({
        "name": student.name,
        "citizenship": student.citizenship,
        "visa_needed": student.visa_needed,
        "step1": {"result": student.step1_result, "attempts": student.step1_attempts,
                  "score": student.step1_score},
        "step2ck": {"score": student.step2ck_score, "attempts": student.step2ck_attempts},
        "step3": {"score": student.step3_score, "passed": student.step3_passed},
        "graduation_year": student.graduation_year,
        "clinical_experience": [
            {"kind": e.kind, "months": e.months, "specialty": e.specialty, "state": e.state,
             "zip": e.zip}
            for e in student.clinical_experiences
        ],
        "us_letters": [
            {"specialty": letter.specialty, "state": letter.state, "zip": letter.zip}
            for letter in student.us_letters
        ],
        "publications": student.publications,
        "languages": list(student.languages or []),
        "ties": [{"kind": t.kind, "state": t.state, "zip": t.zip} for t in student.ties],
        "specialty": student.specialty,
        "backup_specialty": student.backup_specialty,
        "target_regions": list(student.target_regions or []),
    })
