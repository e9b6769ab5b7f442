"""The figures the demo catalog is generated from, each with its source.

Every value names a key of SOURCES (publisher and year) or is marked ASSUMED: a round number
of our own, chosen to look plausible and never shown to users as data. docs/sources.md lists
every number with its source; a test checks that every key below is cited there. The
generator (`advisor.demo.catalog`) reads only this module, so tuning the demo means editing
numbers here.
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
    "nrmp_2024": "NRMP, 2024 Main Residency Match (press release and results): share of "
                 "first-year positions filled by IMGs; IMGs matched, US-citizen and non-US.",
    "nrmp_2024_counts": "NRMP, 2024 Main Residency Match: positions offered and positions "
                        "filled by US-citizen and non-US IMGs, by specialty.",
    "nrmp_2023": "NRMP, 2023 Main Residency Match (advance data tables): IMG share of "
                 "filled PGY-1 positions by specialty.",
    "nrmp_2022": "NRMP, 2022 Main Residency Match (results and data): filled PGY-1 positions "
                 "by applicant type and specialty.",
    "nrmp_2021": "NRMP, 2021 Main Residency Match (results and data): filled PGY-1 positions "
                 "by applicant type and specialty.",
    "coim_2013": "NRMP and ECFMG, Charting Outcomes in the Match for International Medical "
                 "Graduates, 2013 Main Residency Match (1st edition, 2014): matched US-citizen "
                 "and non-US IMGs and their mean Step 2 CK, by preferred specialty.",
    "com_2022": "NRMP, Charting Outcomes in the Match 2022: matched US MD seniors' mean "
                "Step 2 CK by specialty.",
    "usmle_trend": "USMLE performance data (US/Canadian first takers' mean Step 2 CK: 242 in "
                   "2016-17, 246 by 2020-21) and NRMP Charting Outcomes (matched US MD mean "
                   "Step 2 CK 247 in 2020, 250 in 2024): scores rise by about 0.75-1 point a year.",
    "usmle_pass": "USMLE: the Step 2 CK passing score rose from 209 to 214 on 1 July 2022.",
    "apdim": "APDIM annual surveys 2007-2019 (Reddy et al., J Gen Intern Med 2021): IMGs fill "
             "55-70% of community IM programs' PGY-1 positions and 22-30% of university "
             "programs'; in 2017 45% of community and 15% of university interview places "
             "went to IMGs.",
    "jgim_2019": "FREIDA data for 476 IM programs, 2017-18 (J Gen Intern Med 2019, 'Separate "
                 "but Equal?'): 42% of programs IMG-dominated.",
    "jgme_2022": "Journal of Graduate Medical Education 2022 (Nguemeni Tiako et al.), 419 IM "
                 "programs: 63.7% report accepting J-1; 92 (34.5% of those) also sponsor H-1B, "
                 "none H-1B alone; community (vs academic) and county-affiliated programs "
                 "are less likely to accept J-1.",
    "nrmp_2024_states": "NRMP, 2024 Main Residency Match: IMGs matched by state, NY 1,092, "
                        "PA 455, MI 414, TX 384, FL 381, NJ 309.",
    "guides": "The regional advising guides in ../shared/seeds/ (file names in "
              "docs/sources.md): west-coast Step 2 CK screens commonly 220-235; newer "
              "programs have looser cut-offs.",
}

# The size the per-specialty counts below describe (they sum to about 5,200; the generator
# scales them to whatever size it is asked for).
REFERENCE_SIZE = 5000


@dataclass(frozen=True, slots=True)
class SpecialtyFigures:
    programs: int         # ASSUMED: round numbers near ACGME's program counts
    img_share: float      # IMG share of first-year positions, source in IMG_SHARE_SOURCE
    non_us_share: float   # non-US citizens among those IMGs, source in NON_US_SOURCE
    j1: float             # share of programs accepting J-1 [jgme_2022] for IM, else ASSUMED
    step2_us_md: int      # matched US MD seniors' mean Step 2 CK [com_2022], else ASSUMED
    # Matched IMGs' mean Step 2 CK in 2013 [coim_2013], US-citizen then non-US; None where
    # the report has none (then ASSUMED: STEP2_IMG_GAP below the US MD figure).
    step2_img_2013: tuple[int, int] | None
    positions: float      # ASSUMED: mean PGY-1 positions per program
    type_mix: tuple[float, float, float, float]  # ASSUMED: academic, affiliated, community, county


SPECIALTIES: dict[Specialty, SpecialtyFigures] = {
    S.FAMILY_MEDICINE:          SpecialtyFigures(780, 0.318, 0.486, 0.55, 238, (213, 219), 6.7, (0.10, 0.35, 0.48, 0.07)),
    S.INTERNAL_MEDICINE:        SpecialtyFigures(640, 0.43, 0.741, 0.637, 248, (228, 236), 15.0, (0.32, 0.20, 0.38, 0.10)),
    S.GENERAL_SURGERY:          SpecialtyFigures(350, 0.103, 0.503, 0.40, 249, (234, 240), 4.6, (0.45, 0.25, 0.22, 0.08)),
    S.PSYCHIATRY:               SpecialtyFigures(330, 0.161, 0.510, 0.50, 241, (211, 219), 6.7, (0.40, 0.25, 0.20, 0.15)),
    S.OBSTETRICS_GYNECOLOGY:    SpecialtyFigures(300, 0.05, 0.50, 0.35, 248, None, 5.0, (0.40, 0.28, 0.25, 0.07)),
    S.PRELIM_INTERNAL_MEDICINE: SpecialtyFigures(300, 0.12, 0.670, 0.60, 245, None, 6.7, (0.35, 0.25, 0.32, 0.08)),
    S.EMERGENCY_MEDICINE:       SpecialtyFigures(290, 0.148, 0.275, 0.25, 247, (235, 231), 10.0, (0.40, 0.30, 0.20, 0.10)),
    S.PEDIATRICS:               SpecialtyFigures(230, 0.237, 0.685, 0.55, 245, (224, 231), 12.6, (0.45, 0.25, 0.20, 0.10)),
    S.ORTHOPAEDIC_SURGERY:      SpecialtyFigures(210, 0.013, 0.50, 0.15, 255, None, 4.3, (0.70, 0.18, 0.12, 0.00)),
    S.PRELIM_SURGERY:           SpecialtyFigures(200, 0.445, 0.711, 0.45, 243, None, 5.5, (0.45, 0.25, 0.25, 0.05)),
    S.RADIOLOGY:                SpecialtyFigures(200, 0.147, 0.545, 0.35, 249, (241, 238), 6.0, (0.70, 0.18, 0.10, 0.02)),
    S.NEUROLOGY:                SpecialtyFigures(190, 0.295, 0.792, 0.60, 245, (222, 236), 5.0, (0.65, 0.20, 0.12, 0.03)),
    S.ANESTHESIOLOGY:           SpecialtyFigures(180, 0.105, 0.451, 0.35, 246, (239, 234), 8.0, (0.65, 0.20, 0.10, 0.05)),
    S.TRANSITIONAL_YEAR:        SpecialtyFigures(160, 0.119, 0.40, 0.35, 248, None, 10.0, (0.15, 0.35, 0.47, 0.03)),
    S.DERMATOLOGY:              SpecialtyFigures(150, 0.03, 0.50, 0.20, 256, None, 3.7, (0.80, 0.12, 0.08, 0.00)),
    S.PATHOLOGY:                SpecialtyFigures(140, 0.374, 0.767, 0.65, 242, (226, 228), 4.3, (0.65, 0.20, 0.12, 0.03)),
    S.OPHTHALMOLOGY:            SpecialtyFigures(125, 0.03, 0.50, 0.25, 252, None, 4.0, (0.80, 0.12, 0.05, 0.03)),
    S.OTOLARYNGOLOGY:           SpecialtyFigures(125, 0.02, 0.50, 0.20, 256, None, 3.0, (0.88, 0.08, 0.04, 0.00)),
    S.NEUROSURGERY:             SpecialtyFigures(115, 0.05, 0.50, 0.30, 252, None, 2.0, (0.92, 0.06, 0.02, 0.00)),
    S.RADIATION_ONCOLOGY:       SpecialtyFigures(95, 0.05, 0.50, 0.30, 250, None, 2.0, (0.92, 0.06, 0.02, 0.00)),
    S.PLASTIC_SURGERY:          SpecialtyFigures(90, 0.039, 0.50, 0.20, 256, None, 2.2, (0.90, 0.07, 0.03, 0.00)),
}
# Where each img_share comes from; None means ASSUMED. Shares from nrmp_2024_counts are IMGs
# matched over positions offered (730/3,078 pediatrics, 363/2,261 psychiatry, 448/3,026 EM);
# anesthesiology is 173 matched IMGs over 1,653 positions in 2013.
IMG_SHARE_SOURCE: dict[Specialty, str | None] = {
    S.INTERNAL_MEDICINE: "nrmp_2024", S.PATHOLOGY: "nrmp_2024", S.FAMILY_MEDICINE: "nrmp_2024",
    S.NEUROLOGY: "nrmp_2024", S.PEDIATRICS: "nrmp_2024_counts", S.PSYCHIATRY: "nrmp_2024_counts",
    S.EMERGENCY_MEDICINE: "nrmp_2024_counts", S.GENERAL_SURGERY: "nrmp_2023",
    S.PRELIM_SURGERY: "nrmp_2023", S.PRELIM_INTERNAL_MEDICINE: "nrmp_2023",
    S.TRANSITIONAL_YEAR: "nrmp_2023", S.RADIOLOGY: "nrmp_2023", S.ORTHOPAEDIC_SURGERY: "nrmp_2023",
    S.PLASTIC_SURGERY: "nrmp_2023", S.ANESTHESIOLOGY: "coim_2013",
    S.OBSTETRICS_GYNECOLOGY: None, S.DERMATOLOGY: None, S.OPHTHALMOLOGY: None,
    S.OTOLARYNGOLOGY: None, S.NEUROSURGERY: None, S.RADIATION_ONCOLOGY: None,
}
# Where each non_us_share comes from (non-US IMGs over all IMGs matched); None means ASSUMED.
NON_US_SOURCE: dict[Specialty, str | None] = {
    S.INTERNAL_MEDICINE: "nrmp_2024_counts", S.FAMILY_MEDICINE: "nrmp_2024_counts",
    S.PEDIATRICS: "nrmp_2024_counts", S.PSYCHIATRY: "nrmp_2024_counts",
    S.EMERGENCY_MEDICINE: "nrmp_2024_counts", S.PATHOLOGY: "nrmp_2021", S.NEUROLOGY: "nrmp_2021",
    S.GENERAL_SURGERY: "nrmp_2022", S.PRELIM_INTERNAL_MEDICINE: "nrmp_2022",
    S.PRELIM_SURGERY: "nrmp_2022", S.RADIOLOGY: "coim_2013", S.ANESTHESIOLOGY: "coim_2013",
}
PROGRAM_TYPES: tuple[ProgramType, ...] = (ACADEMIC, AFFILIATED, COMMUNITY, COUNTY)

# --- IMG shares -----------------------------------------------------------------------------
# IMG share relative to the specialty's figure, by program type [apdim]. The generator re-centres
# these so each specialty's share of positions stays at its figure; for IM that leaves
# community programs near 65% and university programs (academic and affiliated) near 25%, and
# about 42% of IM programs IMG-dominated [jgim_2019]. The factors and the spread below were
# tuned together to land there.
IMG_TYPE_FACTOR: dict[ProgramType, float] = {ACADEMIC: 0.5, AFFILIATED: 0.85, COMMUNITY: 1.8, COUNTY: 1.6}
# ASSUMED: spread of IMG share between programs of one kind (a beta distribution's concentration).
IMG_SHARE_CONCENTRATION = 6.0
# ASSUMED: spread of the non-US part of a sponsoring program's IMGs (a beta's concentration).
NON_US_CONCENTRATION = 20.0
# ASSUMED: without any visa a program's non-US IMGs are permanent residents only.
NO_VISA_NON_US_FACTOR = 0.15

# ASSUMED: the national IMG rate the state counts are compared with. Only used to turn the
# state counts below into "more or fewer IMGs than usual" factors, so it is set against the
# assumed STATE_POSITIONS, not against the published 25.1% of all matched applicants.
NATIONAL_IMG_RATE = 0.18
# IMGs matched in 2024 in the top states [nrmp_2024_states].
IMG_MATCHES_2024: dict[str, int] = {"NY": 1092, "PA": 455, "MI": 414, "TX": 384, "FL": 381, "NJ": 309}
# ASSUMED: California, Oregon and Washington take far fewer IMGs than their size suggests.
WEST_COAST_STATES: frozenset[str] = frozenset({"CA", "OR", "WA"})
WEST_COAST_IMG_FACTOR = 0.45

# --- where programs are -----------------------------------------------------------------------
# ASSUMED: approximate PGY-1 positions by state (~35,500 in all). Programs are spread over the
# states in these proportions. CA, OR and WA are set so internal medicine at the reference size
# gets ~55 programs in California and ~70 on the Pacific Coast, the counts the regional
# strategies are built on.
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

# --- Step 2 CK ---------------------------------------------------------------------------------
# A program's typical matched Step 2 CK blends the US MD and the IMG figures by its IMG share.
# The 2013 IMG means are moved to today's scale by STEP2_DRIFT_SINCE_2013: ASSUMED, the low end
# of 0.75-1 point a year over the 11 years to 2024 [usmle_trend].
STEP2_DRIFT_SINCE_2013 = 8
# ASSUMED: matched IMGs' gap below matched US MDs where the IMG report has no figure (the ten
# specialties above with both figures have a median gap of about 6 after the drift).
STEP2_IMG_GAP = 6
# ASSUMED: offsets by program type on top of the IMG-share blend: academic flagships highest.
STEP2_TYPE_OFFSET: dict[ProgramType, int] = {ACADEMIC: 5, AFFILIATED: 0, COMMUNITY: -4, COUNTY: -4}
STEP2_WEST_OFFSET = 5          # the west screens harder [guides]
STEP2_NEW_PROGRAM_OFFSET = -5  # newer programs have looser cut-offs [guides]
STEP2_NOISE = 4.0              # ASSUMED: spread between programs of one kind
STEP2_MEDIAN_RANGE = (200, 268)
# ASSUMED: stated screens sit this far below the median, in steps of 5, and never at or below
# the passing score (214 since July 2022 [usmle_pass]); in the west most sit at 220-235 [guides].
STEP2_SCREEN_GAP = (10, 20)
STEP2_SCREEN_FLOOR = 215
WEST_SCREEN_RANGE = (220, 235)
WEST_SCREEN_RATE = 0.85  # ASSUMED: the share of western screens moved into that range

# ASSUMED: how often a program states each screen (Step 2 CK minimum, graduation-year limit,
# attempt limit), by type: academic programs state theirs most often. Unstated is a blank cell.
SCREEN_STATED_RATE: dict[ProgramType, float] = {ACADEMIC: 0.85, AFFILIATED: 0.75, COMMUNITY: 0.6, COUNTY: 0.55}

# --- visas -------------------------------------------------------------------------------------
# J-1 acceptance by program type, as odds relative to academic programs [jgme_2022: community
# 0.2, county-affiliated 0.22; university-affiliated community ASSUMED between].
J1_TYPE_ODDS: dict[ProgramType, float] = {ACADEMIC: 1.0, AFFILIATED: 0.45, COMMUNITY: 0.2, COUNTY: 0.22}
# ASSUMED: a program that fills more of its places with IMGs is likelier to accept J-1 (log-odds
# per 1.0 of IMG share above the specialty's): without it the published non-US share of IMGs
# (74% in IM) could not fit the published J-1 rates. The generator sets a common intercept so
# the specialty's J-1 rate over its programs stays at its figure.
J1_PER_IMG_SHARE = 6.0
# Of the programs accepting J-1, the share that also sponsor H-1B; none sponsor H-1B alone
# [jgme_2022] (IM; ASSUMED the same elsewhere).
H1B_GIVEN_J1 = 0.345
# ASSUMED: a program states no visa policy at all (both cells blank), or accepts J-1 and is
# silent on H-1B (that cell blank).
VISA_UNSTATED_RATE = 0.10
H1B_UNSTATED_GIVEN_J1 = 0.15

# --- other rules, ASSUMED ----------------------------------------------------------------------
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

# ASSUMED: how often another cell is left blank ("not stated"), so the "unknown" handling shows.
BLANK_RATE: dict[str, float] = {
    "program_type": 0.02, "positions": 0.02, "img_share": 0.06, "step2_median": 0.10,
    "usce_required": 0.15, "new_program": 0.03, "website": 0.08,
}
# Programs of one kind in one county often share a hospital; this is how often a new program
# joins an existing institution there rather than founding one (ASSUMED).
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


def step2_img(figures: SpecialtyFigures) -> float:
    """Matched IMGs' mean Step 2 CK on today's scale: the 2013 US-citizen and non-US means,
    weighted by the specialty's non-US share, plus the drift since; or the assumed gap."""
    if figures.step2_img_2013 is None:
        return float(figures.step2_us_md - STEP2_IMG_GAP)
    us, non_us = figures.step2_img_2013
    return (1 - figures.non_us_share) * us + figures.non_us_share * non_us + STEP2_DRIFT_SINCE_2013
