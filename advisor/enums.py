"""Enumerations shared by the models, the CSV format, the JSON profile and the forms.

Each value is the code used in CSV cells, JSON documents and the database; `label` is what a
person reads. Define a choice here once and every layer picks it up.
"""

from __future__ import annotations

from enum import Enum


class LabeledEnum(str, Enum):
    """A string enum whose members also carry a human label."""

    label: str

    def __new__(cls, value: str, label: str | None = None) -> LabeledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value.replace("_", " ").capitalize()
        return member

    def __str__(self) -> str:  # so f-strings and CSV cells print the code
        return self.value

    @classmethod
    def codes(cls) -> list[str]:
        return [m.value for m in cls]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class SpecialtyClass(LabeledEnum):
    """How hard a specialty is to enter with a low score (seed guides 000-004; docs/sources.md)."""

    LESS_COMPETITIVE = ("less_competitive", "Less competitive")
    MODERATE = ("moderate", "Moderately competitive")
    HIGHLY_COMPETITIVE = ("highly_competitive", "Highly competitive")


class Specialty(LabeledEnum):
    INTERNAL_MEDICINE = ("internal_medicine", "Internal medicine")
    FAMILY_MEDICINE = ("family_medicine", "Family medicine")
    PEDIATRICS = ("pediatrics", "Pediatrics")
    PSYCHIATRY = ("psychiatry", "Psychiatry")
    NEUROLOGY = ("neurology", "Neurology")
    PATHOLOGY = ("pathology", "Pathology")
    TRANSITIONAL_YEAR = ("transitional_year", "Transitional year")
    PRELIM_INTERNAL_MEDICINE = ("prelim_internal_medicine", "Preliminary internal medicine")
    PRELIM_SURGERY = ("prelim_surgery", "Preliminary surgery")
    GENERAL_SURGERY = ("general_surgery", "General surgery")
    EMERGENCY_MEDICINE = ("emergency_medicine", "Emergency medicine")
    ANESTHESIOLOGY = ("anesthesiology", "Anesthesiology")
    OBSTETRICS_GYNECOLOGY = ("obstetrics_gynecology", "Obstetrics and gynecology")
    RADIOLOGY = ("radiology", "Radiology")
    DERMATOLOGY = ("dermatology", "Dermatology")
    ORTHOPAEDIC_SURGERY = ("orthopaedic_surgery", "Orthopaedic surgery")
    PLASTIC_SURGERY = ("plastic_surgery", "Plastic surgery")
    OPHTHALMOLOGY = ("ophthalmology", "Ophthalmology")
    OTOLARYNGOLOGY = ("otolaryngology", "Otolaryngology (ENT)")
    RADIATION_ONCOLOGY = ("radiation_oncology", "Radiation oncology")
    NEUROSURGERY = ("neurosurgery", "Neurosurgery")

    @property
    def specialty_class(self) -> SpecialtyClass:
        return SPECIALTY_CLASS[self]


_LESS = {
    Specialty.INTERNAL_MEDICINE, Specialty.FAMILY_MEDICINE, Specialty.PEDIATRICS,
    Specialty.PSYCHIATRY, Specialty.NEUROLOGY, Specialty.PATHOLOGY,
    Specialty.TRANSITIONAL_YEAR, Specialty.PRELIM_INTERNAL_MEDICINE, Specialty.PRELIM_SURGERY,
}
_HIGH = {
    Specialty.DERMATOLOGY, Specialty.ORTHOPAEDIC_SURGERY, Specialty.PLASTIC_SURGERY,
    Specialty.OPHTHALMOLOGY, Specialty.OTOLARYNGOLOGY, Specialty.RADIATION_ONCOLOGY,
    Specialty.NEUROSURGERY,
}
# Everything else (general surgery, EM, anesthesiology, OB/GYN, radiology) is moderate.
SPECIALTY_CLASS: dict[Specialty, SpecialtyClass] = {
    s: (SpecialtyClass.LESS_COMPETITIVE if s in _LESS
        else SpecialtyClass.HIGHLY_COMPETITIVE if s in _HIGH
        else SpecialtyClass.MODERATE)
    for s in Specialty
}


# One-year PGY-1 positions: a bridge into a categorical program the next season.
ONE_YEAR_SPECIALTIES: frozenset[Specialty] = frozenset({
    Specialty.TRANSITIONAL_YEAR, Specialty.PRELIM_INTERNAL_MEDICINE, Specialty.PRELIM_SURGERY,
})


class ProgramType(LabeledEnum):
    ACADEMIC = ("academic", "Academic")
    UNIVERSITY_AFFILIATED = ("university_affiliated", "University-affiliated community")
    COMMUNITY = ("community", "Community")
    COUNTY = ("county", "County / safety-net")


class Citizenship(LabeledEnum):
    US_CITIZEN = ("us_citizen", "US citizen")
    PERMANENT_RESIDENT = ("permanent_resident", "Permanent resident")
    NON_US = ("non_us", "Non-US citizen")


class VisaNeed(LabeledEnum):
    NONE = ("none", "No visa needed")
    J1 = ("j1", "J-1 only")
    H1B = ("h1b", "H-1B only")
    J1_OR_H1B = ("j1_or_h1b", "J-1 or H-1B")


class Step1Result(LabeledEnum):
    PASS = ("pass", "Pass")
    FAIL = ("fail", "Fail")
    NOT_TAKEN = ("not_taken", "Not taken")


class EcfmgStatus(LabeledEnum):
    """ECFMG certification, which an IMG needs to start residency (docs/sources.md)."""

    CERTIFIED = ("certified", "Certified")
    IN_PROGRESS = ("in_progress", "In progress")
    NOT_STARTED = ("not_started", "Not started")


class OetStatus(LabeledEnum):
    """OET Medicine, the English test ECFMG certification asks for (002)."""

    PASSED = ("passed", "Passed (or met by an earlier Step 2 CS)")
    NOT_PASSED = ("not_passed", "Taken, not passed yet")
    NOT_TAKEN = ("not_taken", "Not taken yet")


class SpokenEnglish(LabeledEnum):
    """The advisor's view of the student's spoken English in clinical conversation (001, 002)."""

    STRONG = ("strong", "Strong")
    ADEQUATE = ("adequate", "Adequate")
    NEEDS_WORK = ("needs_work", "Needs work")


class ExperienceKind(LabeledEnum):
    """Kinds of US clinical experience, strongest first (seed guides; docs/sources.md)."""

    CLERKSHIP = ("clerkship", "Core clerkship")
    SUBINTERNSHIP = ("subinternship", "Sub-internship")
    ELECTIVE = ("elective", "Elective")
    EXTERNSHIP = ("externship", "Externship")
    OBSERVERSHIP = ("observership", "Observership")
    SHADOWING = ("shadowing", "Shadowing")
    RESEARCH = ("research", "Research")


class TieKind(LabeledEnum):
    FAMILY = ("family", "Family")
    EDUCATION = ("education", "Education")
    WORK = ("work", "Work")
    VOLUNTEER = ("volunteer", "Volunteering")


class Tier(LabeledEnum):
    """Where a program sits for one applicant, most to least likely."""

    SAFETY = ("safety", "Safety")
    TARGET = ("target", "Target")
    REACH = ("reach", "Reach")
    LONG_SHOT = ("long_shot", "Long shot")
    INELIGIBLE = ("ineligible", "Ineligible")


class Factor(LabeledEnum):
    """What a score adjustment judges. Across sources the engine counts, per program and
    factor, only the strongest positive and the strongest negative adjustment, so one fact
    earns credit once; `OTHER` is never merged (docs/plugins.md, "Composition")."""

    STEP2CK = ("step2ck", "Step 2 CK")
    STEP1 = ("step1", "Step 1")
    STEP3 = ("step3", "Step 3")
    ATTEMPTS = ("attempts", "Exam attempts")
    GRADUATION = ("graduation", "Graduation year")
    VISA = ("visa", "Visa and citizenship")
    USCE = ("usce", "US clinical experience")
    LETTERS = ("letters", "US letters")
    TIES = ("ties", "Regional ties")
    LANGUAGE = ("language", "Languages")
    RESEARCH = ("research", "Research")
    PROGRAM_KIND = ("program_kind", "Kind of program")
    IMG_SHARE = ("img_share", "IMGs in training")
    SPECIALTY = ("specialty", "Specialty")
    COMPETITION = ("competition", "Local competition")
    MISSION = ("mission", "Mission fit")
    EVIDENCE = ("evidence", "Our graduates' outcomes")
    OTHER = ("other", "Other")


class RemedyKind(LabeledEnum):
    """What a remedy for a list short of its interview goal is about. The plan shows one
    remedy of each kind: the first strategy's (in the student's target order) wins, and the
    core's generic wording comes last."""

    WIDER = ("wider", "Apply more widely")
    BACKUP_SPECIALTY = ("backup_specialty", "A backup specialty")
    BRIDGE_POSITION = ("bridge_position", "Preliminary or transitional positions")
    STEP3 = ("step3", "Step 3")
    STRENGTHEN = ("strengthen", "A year to strengthen the file")
    OTHER = ("other", "Other")


US_STATES: tuple[str, ...] = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI",
)


class Role(LabeledEnum):
    """Staff roles, most powerful first."""

    ADMIN = ("admin", "Admin")
    ADVISOR = ("advisor", "Advisor")
    VIEWER = ("viewer", "Viewer")


class ApplicationStatus(LabeledEnum):
    """How far one application on a student's working list got this season. No status means
    not yet applied. `stage` orders the main path; withdrawn and declined end it anywhere."""

    APPLIED = ("applied", "Applied")
    INVITED = ("invited", "Invited to interview")
    NOT_INVITED = ("not_invited", "Not invited")
    INTERVIEWED = ("interviewed", "Interviewed")
    RANKED = ("ranked", "Ranked")
    MATCHED = ("matched", "Matched")
    WITHDRAWN = ("withdrawn", "Withdrawn")
    DECLINED = ("declined", "Declined the interview")

    @property
    def stage(self) -> int:
        """0 applied, 1 invited or not, 2 interviewed, 3 ranked, 4 matched; withdrawn and
        declined count as applied (how far they got is not recorded)."""
        return _STAGES.get(self, 0)


_STAGES = {
    ApplicationStatus.INVITED: 1, ApplicationStatus.NOT_INVITED: 1,
    ApplicationStatus.INTERVIEWED: 2, ApplicationStatus.RANKED: 3, ApplicationStatus.MATCHED: 4,
}
