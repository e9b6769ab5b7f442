"""Fictional institution names, websites and program ids for the demo catalog.

Names are coined from neutral word parts ("Otterwick Heights Community Hospital"), never
taken from real hospitals, and carry FICTIONAL_MARK so nobody mistakes them for real ones.
Websites use the reserved `.example` domain, which can never reach a real site.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from advisor.demo.figures import ACGME_SERIAL_START, ACGME_SPECIALTY_CODE
from advisor.demo.sampling import pick
from advisor.enums import US_STATES, ProgramType, Specialty

FICTIONAL_MARK = "(fictional)"

# Deliberately unusual parts: common ones ("Oak", "-wood", "-view") would rebuild real names.
_STEMS = (
    "Alder", "Badger", "Bittern", "Bramble", "Clover", "Crane", "Curlew", "Fern", "Finch",
    "Heron", "Juniper", "Kestrel", "Larch", "Lark", "Linnet", "Marten", "Moss", "Nettle",
    "Osprey", "Otter", "Plover", "Puffin", "Quail", "Sorrel", "Sparrow", "Sumac", "Tansy",
    "Teasel", "Thistle", "Wren", "Yarrow",
)
_ENDINGS = (
    "bank", "combe", "gate", "hollow", "holt", "ley", "mere", "mont", "moor", "stead", "thwaite",
    "wick",
)
_PLACES = (
    "Bay", "Bluffs", "Commons", "Crossing", "Flats", "Heights", "Hills", "Lakes", "Landing",
    "Park", "Plains", "Point", "Shores", "Springs", "Terrace", "Valley",
)
_KINDS: dict[ProgramType, tuple[str, ...]] = {
    ProgramType.ACADEMIC: ("University Medical Center", "University Hospital",
                           "School of Medicine and Health System"),
    ProgramType.UNIVERSITY_AFFILIATED: ("Medical Center", "Health System", "Teaching Hospital"),
    ProgramType.COMMUNITY: ("Community Hospital", "Regional Medical Center", "Memorial Hospital",
                            "Community Health Network"),
    ProgramType.COUNTY: ("Public Hospital", "General Hospital", "Safety-Net Health System"),
}


def institution_name(rng: random.Random, program_type: ProgramType, taken: set[str]) -> str:
    """A new institution name of this kind, not in `taken` (which it is added to).

    Pass one `taken` set per state: like real ones, names only need to be unique locally.
    """
    for attempt in range(100):
        coined = pick(rng, _STEMS) + pick(rng, _ENDINGS)
        # A place word multiplies the pool; after a few clashes every name gets one.
        place = f" {pick(rng, _PLACES)}" if attempt > 3 or rng.random() < 0.4 else ""
        base = f"{coined}{place} {pick(rng, _KINDS[program_type])}"
        if base not in taken:
            taken.add(base)
            return base
    raise RuntimeError("ran out of fictional institution names")


def marked(text: str) -> str:
    return f"{text} {FICTIONAL_MARK}"


def program_name(institution: str, specialty: Specialty) -> str:
    """E.g. "Amberbrook Community Hospital Internal Medicine (fictional)"."""
    title = " ".join(w if w in ("and", "of") else w[:1].upper() + w[1:] for w in specialty.label.split())
    return marked(f"{institution} {title}")


def website(institution: str, specialty: Specialty) -> str:
    return f"https://{_host(institution)}.example/{specialty.value.replace('_', '-')}"


@lru_cache(maxsize=4096)
def _host(institution: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", institution.lower()).strip("-")


def acgme_id(specialty: Specialty, state: str, serial: int) -> str:
    """A 10-digit, ACGME-shaped id: specialty code, state number, serial from 90000."""
    return f"{ACGME_SPECIALTY_CODE[specialty]:03d}{US_STATES.index(state) + 1:02d}{ACGME_SERIAL_START + serial:05d}"
