"""The figures the demo catalog is generated from, each with its source.

Published figures come first, quoted as the project's brief gives them. Where no published
figure was at hand the value is marked ASSUMED: a round number chosen to look plausible, never
presented to users as data. The generator (`advisor.demo.catalog`) reads only this module, so
tuning the demo means editing numbers here.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.enums import ProgramType, Specialty

S = Specialty
ACADEMIC, AFFILIATED, COMMUNITY, COUNTY = (
    ProgramType.ACADEMIC, ProgramType.UNIVERSITY_AFFILIATED, ProgramType.COMMUNITY,
    ProgramType.COUNTY,
)

SOURCES: dict[str, str] = {
    "acgme_counts": "ACGME, approximate number of accredited programs by specialty "
                    "(the prelim tracks counted separately), as summarised in the project brief.",
    "nrmp_2022_img": "NRMP, Results and Data: 2022 Main Residency Match, IMG share of filled "
                     "PGY-1 positions by specialty.",
    "apdim": "APDIM program director surveys 2007-2019: community IM programs fill 55-70% of "
             "PGY-1 positions with IMGs, university programs 22-30%; 42% of IM programs are "
             "IMG-dominated.",
    "jgme_2022_visa": "Journal of Graduate Medical Education (2022), visa policies of 419 "
                      "internal medicine programs: 64% accept J-1, 22% sponsor H-1B; community "
                      "and county programs are less likely to accept J-1.",
    "nrmp_2024_states": "NRMP 2024 Main Residency Match: IMGs matched by state, top states "
                        "NY 1,092, PA 455, MI 414, TX 384, FL 381, NJ 309; California, Oregon "
                        "and Washington take far fewer IMGs, academic flagships the fewest.",
    "nrmp_2024_positions": "NRMP 2024 Main Residency Match: about 38,500 PGY-1 positions.",
    "h1b_step3": "Programs that sponsor H-1B usually require Step 3 passed (regional advising "
                 "guides). Applies to applicants, so the catalog carries no column for it.",
    "west_screens": "Regional advising guides: Step 2 CK screens in the west are commonly "
                    "220-235.",
}

# The size the per-specialty counts below describe (they sum to about 5,200; the generator
# scales them to whatever size it is asked for).
REFERENCE_SIZE = 5000


@dataclass(frozen=True, slots=True)
class SpecialtyFigures:
    programs: int            # approximate ACGME program count [acgme_counts]
    img_share: float         # mean IMG share of residents [nrmp_2022_img] or ASSUMED
    us_img_fraction: float   # fraction of those IMGs who are US citizens, ASSUMED
    j1: float                # share of programs accepting J-1 [jgme_2022_visa] for IM, else ASSUMED
    h1b: float               # share sponsoring H-1B [jgme_2022_visa] for IM, else ASSUMED
    step2_median: int        # typical matched Step 2 CK at a university-affiliated program, ASSUMED
    positions: float         # mean PGY-1 positions per program, ASSUMED (totals ~38,500
                             # positions at the reference size [nrmp_2024_positions])
    type_mix: tuple[float, float, float, float]  # academic, affiliated, community, county, ASSUMED


# img_share values with a source are the NRMP 2022 table: pathology 44%, IM 40%, neurology
# 30%, FM 28%, pediatrics 20%, psychiatry 16%, general surgery 10%, EM 8%, anesthesiology 8%,
# OB/GYN 5.5%. The others (marked *) are ASSUMED, lower for the more competitive fields.
SPECIALTIES: dict[Specialty, SpecialtyFigures] = {
    S.FAMILY_MEDICINE:          SpecialtyFigures(780, 0.28, 0.55, 0.55, 0.18, 229, 6.7, (0.10, 0.35, 0.48, 0.07)),
    S.INTERNAL_MEDICINE:        SpecialtyFigures(640, 0.40, 0.30, 0.64, 0.22, 234, 15.0, (0.32, 0.20, 0.38, 0.10)),
    S.GENERAL_SURGERY:          SpecialtyFigures(350, 0.10, 0.35, 0.40, 0.12, 246, 4.6, (0.45, 0.25, 0.22, 0.08)),
    S.PSYCHIATRY:               SpecialtyFigures(330, 0.16, 0.50, 0.50, 0.15, 232, 6.7, (0.40, 0.25, 0.20, 0.15)),
    S.OBSTETRICS_GYNECOLOGY:    SpecialtyFigures(300, 0.055, 0.55, 0.35, 0.08, 245, 5.0, (0.40, 0.28, 0.25, 0.07)),
    S.PRELIM_INTERNAL_MEDICINE: SpecialtyFigures(300, 0.30, 0.35, 0.60, 0.15, 234, 6.7, (0.35, 0.25, 0.32, 0.08)),  # *
    S.EMERGENCY_MEDICINE:       SpecialtyFigures(290, 0.08, 0.60, 0.25, 0.06, 243, 10.0, (0.40, 0.30, 0.20, 0.10)),
    S.PEDIATRICS:               SpecialtyFigures(230, 0.20, 0.40, 0.55, 0.15, 235, 12.6, (0.45, 0.25, 0.20, 0.10)),
    S.ORTHOPAEDIC_SURGERY:      SpecialtyFigures(210, 0.02, 0.50, 0.15, 0.04, 256, 4.3, (0.70, 0.18, 0.12, 0.00)),  # *
    S.PRELIM_SURGERY:           SpecialtyFigures(200, 0.20, 0.35, 0.45, 0.10, 232, 5.5, (0.45, 0.25, 0.25, 0.05)),  # *
    S.RADIOLOGY:                SpecialtyFigures(200, 0.08, 0.35, 0.35, 0.10, 250, 6.0, (0.70, 0.18, 0.10, 0.02)),  # *
    S.NEUROLOGY:                SpecialtyFigures(190, 0.30, 0.30, 0.60, 0.20, 238, 5.0, (0.65, 0.20, 0.12, 0.03)),
    S.ANESTHESIOLOGY:           SpecialtyFigures(180, 0.08, 0.45, 0.35, 0.10, 245, 8.0, (0.65, 0.20, 0.10, 0.05)),
    S.TRANSITIONAL_YEAR:        SpecialtyFigures(160, 0.10, 0.50, 0.35, 0.08, 242, 10.0, (0.15, 0.35, 0.47, 0.03)),  # *
    S.DERMATOLOGY:              SpecialtyFigures(150, 0.03, 0.50, 0.20, 0.05, 257, 3.7, (0.80, 0.12, 0.08, 0.00)),  # *
    S.PATHOLOGY:                SpecialtyFigures(140, 0.44, 0.20, 0.65, 0.25, 234, 4.3, (0.65, 0.20, 0.12, 0.03)),
    S.OPHTHALMOLOGY:            SpecialtyFigures(125, 0.05, 0.40, 0.25, 0.05, 250, 4.0, (0.80, 0.12, 0.05, 0.03)),  # *
    S.OTOLARYNGOLOGY:           SpecialtyFigures(125, 0.02, 0.40, 0.20, 0.04, 255, 3.0, (0.88, 0.08, 0.04, 0.00)),  # *
    S.NEUROSURGERY:             SpecialtyFigures(115, 0.07, 0.30, 0.30, 0.08, 254, 2.0, (0.92, 0.06, 0.02, 0.00)),  # *
    S.RADIATION_ONCOLOGY:       SpecialtyFigures(95, 0.06, 0.30, 0.30, 0.08, 250, 2.0, (0.92, 0.06, 0.02, 0.00)),  # *
    S.PLASTIC_SURGERY:          SpecialtyFigures(90, 0.03, 0.40, 0.20, 0.05, 258, 2.2, (0.90, 0.07, 0.03, 0.00)),  # *
}
PROGRAM_TYPES: tuple[ProgramType, ...] = (ACADEMIC, AFFILIATED, COMMUNITY, COUNTY)

# IMG share relative to the specialty's figure, by program type [apdim]. The generator re-centres
# these so each specialty's share of positions stays at its figure; for IM that leaves
# community programs near 65% and university programs (academic and affiliated) near 25%, and
# about 42% of IM programs IMG-dominated (over half IMGs). The factors and the spread below
# were tuned together to land there.
IMG_TYPE_FACTOR: dict[ProgramType, float] = {ACADEMIC: 0.5, AFFILIATED: 0.85, COMMUNITY: 1.8, COUNTY: 1.6}
# Spread of IMG share between programs of one kind (a beta distribution's concentration).
IMG_SHARE_CONCENTRATION = 6.0

# ASSUMED: about 18% of PGY-1 positions go to IMGs nationally; only used to turn the
# state counts below into "more or fewer IMGs than usual" factors.
NATIONAL_IMG_RATE = 0.18
# IMGs matched in 2024 in the top states [nrmp_2024_states].
IMG_MATCHES_2024: dict[str, int] = {"NY": 1092, "PA": 455, "MI": 414, "TX": 384, "FL": 381, "NJ": 309}
# "Far fewer" [nrmp_2024_states], quantified as an ASSUMED factor.
WEST_COAST_STATES: frozenset[str] = frozenset({"CA", "OR", "WA"})
WEST_COAST_IMG_FACTOR = 0.45

# ASSUMED: approximate PGY-1 positions by state (~35,500 in all, against ~38,500 nationally
# [nrmp_2024_positions]). Programs are spread over the states in these proportions. CA, OR and
# WA are set so internal medicine at the reference size gets ~55 programs in California and
# ~70 on the Pacific Coast, the counts the regional strategies are built on.
STATE_POSITIONS: dict[str, int] = {
    "NY": 3900, "CA": 3185, "TX": 2800, "PA": 2300, "FL": 2000, "OH": 1800, "IL": 1650,
    "MI": 1600, "MA": 1100, "NJ": 950, "NC": 950, "GA": 850, "TN": 700, "VA": 700, "MD": 650,
    "MO": 650, "WA": 520, "AZ": 550, "CT": 550, "LA": 550, "WI": 500, "MN": 500, "IN": 500,
    "SC": 450, "AL": 450, "CO": 420, "DC": 420, "KY": 400, "OR": 350, "OK": 300, "PR": 300,
    "UT": 260, "AR": 250, "IA": 250, "NV": 230, "KS": 220, "NE": 220, "WV": 220, "MS": 200,
    "RI": 200, "NM": 150, "HI": 110, "ME": 110, "DE": 110, "NH": 100, "ID": 80, "VT": 70,
    "SD": 60, "ND": 60, "MT": 50, "WY": 30, "AK": 30,
}

# ASSUMED: share of California's programs by county, so that internal medicine at the
# reference size has ~17 programs in Los Angeles County, ~30 in Southern California and ~10 in
# the Bay Area, with the rest in Sacramento, the Central Valley and the north. Other states
# spread programs by where their big cities are (see `advisor.demo.places`).
CALIFORNIA_COUNTIES: dict[str, int] = {
    # Southern California
    "Los Angeles County": 315, "San Diego County": 65, "Orange County": 55,
    "Riverside County": 38, "San Bernardino County": 38, "Kern County": 14,
    "Ventura County": 9, "Santa Barbara County": 7, "San Luis Obispo County": 3,
    "Imperial County": 3,
    # San Francisco Bay Area
    "San Francisco County": 50, "Santa Clara County": 42, "Alameda County": 40,
    "Contra Costa County": 16, "San Mateo County": 12, "Sonoma County": 8,
    "Solano County": 7, "Marin County": 3, "Napa County": 2,
    # Sacramento, the Central Valley, the Central Coast and the north
    "Sacramento County": 75, "Fresno County": 50, "San Joaquin County": 25,
    "Stanislaus County": 22, "Monterey County": 15, "Tulare County": 12, "Placer County": 12,
    "Merced County": 10, "Shasta County": 8, "Butte County": 8, "Santa Cruz County": 6,
    "Humboldt County": 5, "Yolo County": 5, "Madera County": 5, "El Dorado County": 4,
}

# Step 2 CK, ASSUMED offsets from the specialty's typical matched score: academic flagships
# highest, community and county programs lowest; IM community ~225, FM community ~220.
STEP2_TYPE_OFFSET: dict[ProgramType, int] = {ACADEMIC: 7, AFFILIATED: 0, COMMUNITY: -9, COUNTY: -6}
STEP2_WEST_OFFSET = 5      # the west screens harder [west_screens]
STEP2_NEW_PROGRAM_OFFSET = -5  # newer programs have looser cutoffs (domain digest)
STEP2_NOISE = 4.0
# Stated screens sit this far below the median, in steps of 5; in the west most sit at
# 220-235 [west_screens].
STEP2_SCREEN_GAP = (10, 20)
WEST_SCREEN_FLOOR = (220, 235)
WEST_SCREEN_FLOOR_RATE = 0.85

# Visa policy relative to the specialty rate, by program type [jgme_2022_visa]: community and
# county programs accept J-1 less often. The generator re-centres so the mean stays put.
J1_TYPE_FACTOR: dict[ProgramType, float] = {ACADEMIC: 1.22, AFFILIATED: 1.06, COMMUNITY: 0.81, COUNTY: 0.78}
# ASSUMED: without any visa a program's non-US IMGs are permanent residents only.
NO_VISA_NON_US_FACTOR = 0.15

# ASSUMED: eligibility rules by program type.
YOG_MAX_CHOICES: dict[ProgramType, tuple[int, ...]] = {
    ACADEMIC: (1, 2, 3, 3, 5), AFFILIATED: (3, 3, 5, 5, 7),
    COMMUNITY: (3, 5, 5, 7, 10), COUNTY: (5, 5, 7, 10),
}
ATTEMPTS_MAX_CHOICES: dict[ProgramType, tuple[int, ...]] = {
    ACADEMIC: (1, 1, 1, 2), AFFILIATED: (1, 2, 2), COMMUNITY: (2, 2, 3), COUNTY: (2, 3, 3),
}
USCE_REQUIRED_RATE: dict[ProgramType, float] = {ACADEMIC: 0.35, AFFILIATED: 0.5, COMMUNITY: 0.6, COUNTY: 0.5}
POSITIONS_TYPE_FACTOR: dict[ProgramType, float] = {ACADEMIC: 1.35, AFFILIATED: 1.0, COMMUNITY: 0.8, COUNTY: 1.1}
NEW_PROGRAM_RATE = 0.065

# ASSUMED: how often a cell is left blank ("not stated"), so the "unknown" handling shows.
BLANK_RATE: dict[str, float] = {
    "program_type": 0.02, "positions": 0.02, "img_share": 0.06, "visa_j1": 0.12,
    "visa_h1b": 0.15, "step2_min": 0.18, "step2_median": 0.10, "yog_max_years": 0.15,
    "attempts_max": 0.20, "usce_required": 0.15, "new_program": 0.03, "website": 0.08,
}
# Programs of one kind in one county often share a hospital; this is how often a new program
# joins an existing institution there rather than founding one.
SHARED_INSTITUTION_RATE = 0.6

# Fake but ACGME-shaped ids: 3-digit specialty code, 2-digit state number, 5-digit serial.
# The serials start at 90000 to stay clear of the ranges real programs use.
ACGME_SPECIALTY_CODE: dict[Specialty, int] = {
    S.ANESTHESIOLOGY: 40, S.DERMATOLOGY: 80, S.EMERGENCY_MEDICINE: 110,
    S.FAMILY_MEDICINE: 120, S.INTERNAL_MEDICINE: 140, S.PRELIM_INTERNAL_MEDICINE: 149,
    S.NEUROSURGERY: 160, S.NEUROLOGY: 180, S.OBSTETRICS_GYNECOLOGY: 220,
    S.OPHTHALMOLOGY: 240, S.ORTHOPAEDIC_SURGERY: 260, S.OTOLARYNGOLOGY: 280,
    S.PATHOLOGY: 300, S.PEDIATRICS: 320, S.PLASTIC_SURGERY: 362, S.PSYCHIATRY: 400,
    S.RADIATION_ONCOLOGY: 430, S.RADIOLOGY: 420, S.GENERAL_SURGERY: 440,
    S.PRELIM_SURGERY: 449, S.TRANSITIONAL_YEAR: 999,
}
ACGME_SERIAL_START = 90000
