"""Advice for a student aiming at Southern California, one section per theme, filled from the
profile and the finished list. The strategy speaks to US-citizen IMGs; where the student needs a
visa, the sections say what changes.
"""

from __future__ import annotations

from advisor.enums import ExperienceKind, Specialty, SpecialtyClass, VisaNeed
from advisor.hooks import helpers
from advisor.hooks.types import AdviceSection, Applicant, PlanSummary

from advisor_socal.planning import SHARES, total_for
from advisor_socal.profile import (
    plural, regional_hands_on, regional_letters, regional_tie_kinds, regional_tie_places,
    regional_usce,
    step1_concern,
)
from advisor_socal.region import LANGUAGE_COUNTIES

# Specialty societies with California chapters worth joining, by specialty.
SOCIETIES = {
    Specialty.INTERNAL_MEDICINE: "the American College of Physicians (ACP)",
    Specialty.FAMILY_MEDICINE: "the American Academy of Family Physicians (AAFP)",
    Specialty.PSYCHIATRY: "the American Psychiatric Association (APA)",
    Specialty.PEDIATRICS: "the American Academy of Pediatrics (AAP)",
}

VISA_WORDS = {VisaNeed.NONE: "no", VisaNeed.J1: "J-1", VisaNeed.H1B: "H-1B",
              VisaNeed.J1_OR_H1B: "J-1 or H-1B"}


def advice(applicant: Applicant, plan: PlanSummary) -> list[AdviceSection]:
    return [
        _self_assessment(applicant),
        _personal_statement(applicant),
        _letters(applicant),
        _clinical_experience(applicant),
        _networking(applicant),
        _list_building(applicant, plan),
        _applying_early(applicant),
        _interviews(applicant),
        _post_interview(applicant),
        _backup_plans(applicant),
    ]


# --------------------------------------------------------------------------- profile phrases


def _exam_issues(applicant: Applicant) -> list[str]:
    """What a program would ask about, in plain words; empty for a clean record."""
    issues = []
    if concern := step1_concern(applicant):
        issues.append(concern)
    if applicant.step2ck_attempts > 1:
        issues.append("a repeated Step 2 CK")
    elif applicant.step2ck_score is not None and applicant.step2ck_score < 220:
        issues.append(f"a Step 2 CK of {applicant.step2ck_score}")
    return issues


def _evidence(applicant: Applicant) -> list[str]:
    """Proof that things changed, from what the profile actually holds."""
    proof = []
    s1, s2 = applicant.step1_score, applicant.step2ck_score
    if s1 is not None and s2 is not None and s2 - s1 >= 15:
        proof.append(f"a Step 2 CK {s2 - s1} points above your Step 1")
    elif step1_concern(applicant) and s2 is not None and s2 >= 230:
        proof.append(f"a Step 2 CK of {s2}")
    if applicant.step3_passed:
        proof.append("a passed Step 3")
    if any(e.kind in helpers.HANDS_ON for e in applicant.clinical_experience):
        proof.append("your US clinical evaluations")
    return proof


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _step3_point(applicant: Applicant) -> bool:
    """An H-1B need with a modest Step 2 CK and no Step 3 yet: the Step 3 advice applies."""
    wants_h1b = applicant.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B)
    modest = applicant.step2ck_score is None or applicant.step2ck_score < 230
    return wants_h1b and modest and not applicant.step3_passed


# --------------------------------------------------------------------------- the sections


def _self_assessment(a: Applicant) -> AdviceSection:
    s = a.step2ck_score
    if s is None:
        score = ("No score yet. It is the first number SoCal programs filter on, so sit it only "
                 "when practice exams put you clearly above 225: many internal medicine "
                 "programs here treat 220-225 as a floor, and the sought-after coastal sites "
                 "look for 230-235.")
    elif s >= 235:
        score = (f"{s} clears even the 230-235 that the most sought-after SoCal sites look "
                 "for. The score will not hold you back; local experience, letters and fit "
                 "now decide.")
    elif s >= 230:
        score = (f"{s} sits above the 220-225 floor of many SoCal internal medicine programs "
                 "and at the lower edge of the 230-235 the popular coastal sites prefer.")
    elif s >= 220:
        score = (f"{s} is near the 220-225 line many SoCal internal medicine programs draw and "
                 "under the 230-235 of the competitive coastal sites. County, community and "
                 "inland programs are your realistic core; academic centres are reaches.")
    elif s >= 210:
        score = (f"{s} is under the 220-225 line many SoCal internal medicine programs use. "
                 "Aim at community, county and inland programs, and take your safeties from "
                 "IMG-friendly programs outside California.")
    else:
        score = (f"{s} is far below what most SoCal programs screen for. Treat the region as a "
                 "reach this cycle and build most of the list from highly IMG-friendly family "
                 "medicine, psychiatry and community internal medicine programs elsewhere.")
    parts = [f"**Step 2 CK.** {score}"]

    if concern := step1_concern(a):
        parts.append(f"**Step 1.** Your record shows {concern}. Programs read that as a warning "
                     "sign, so the rest of the file has to prove it is behind you.")

    if a.needs_visa:
        kind = (f"**Visa.** This strategy is written for US citizens. You need "
                f"{VISA_WORDS[a.visa_needed]} sponsorship, which many SoCal programs do not "
                "offer: check each program's policy before paying to apply.")
        if _step3_point(a):
            kind += (" Programs offering H-1B often want Step 3 passed, and with your Step 2 "
                     "CK a solid Step 3 result would also show growth.")
    elif a.is_us_citizen:
        kind = ("**Citizenship.** You need no visa, and that counts: many programs prefer a "
                "US-citizen IMG to a non-US graduate with a higher score.")
    else:
        kind = ("**Status.** You need no visa, so programs can rank you much as they would a "
                "US citizen: a real edge over graduates who need sponsorship.")
    parts.append(kind)

    if a.years_since_graduation >= 5:
        parts.append(f"**Graduation.** {plural(a.years_since_graduation, 'year')} since "
                     "graduation is a gap programs notice; recent hands-on US work is the answer.")
    missing = []
    if regional_hands_on(a) < 3:
        missing.append("3-6 months of hands-on work in SoCal")
    if len(a.us_letters) < 3 or regional_letters(a) == 0:
        missing.append("three or four US letters, one from a SoCal attending")
    if not regional_tie_places(a):
        missing.append("a visible tie to the region")
    parts.append("**What moves you forward.** " + (
        f"Still to build: {_join(missing)}." if missing else
        "Local experience, letters and ties are in place; keep them current and name them "
        "in every application."))
    klass = a.specialty.specialty_class
    if klass is not SpecialtyClass.LESS_COMPETITIVE:
        parts.append(f"**Specialty.** {a.specialty.label} is hard to enter in Southern "
                     "California's popular areas without strong scores; widen the geography "
                     "and keep a backup specialty.")
    return AdviceSection("Where you stand for Southern California", "\n\n".join(parts),
                         "self_assessment", 10)


def _personal_statement(a: Applicant) -> AdviceSection:
    local = []
    if places := regional_tie_places(a):
        local.append(f"your {_join(regional_tie_kinds(a))} ties in {_join(places)}")
    if spoken := helpers.speaks_any(a, tuple(LANGUAGE_COUNTIES)):
        local.append(f"your {_join(spoken)}")
    if regional_usce(a) > 0:
        local.append("what you saw in SoCal hospitals")
    local.append("the communities you want to serve, such as immigrant families in Los "
                 "Angeles, border health around San Diego or farmworkers inland")
    parts = [f"Give the statement three jobs: why {a.specialty.label.lower()}, why Southern "
             "California, and what has changed in you. Programs here are flooded by applicants "
             "who simply like the location, so ground your reasons in specifics: "
             f"{_join(local)}."]
    if issues := _exam_issues(a):
        proof = _evidence(a)
        parts.append(f"Deal with {_join(issues)} once, early, in two or three sentences: name "
                     "it without excuses, give context only if it can be verified, say what "
                     "you changed in how you study and work"
                     + (f", and point to {_join(proof)}" if proof else "")
                     + ". Then move on: the rest of the page is about your strengths.")
    else:
        parts.append("Your exam record needs no explaining, so spend every paragraph on "
                     "patients you cared for and why you fit.")
    if a.is_us_citizen:
        parts.append("Readers will wonder why an American trained abroad; one sentence on what "
                     "it taught you is enough.")
    parts.append("For the SoCal programs you want most, rewrite one paragraph to name their "
                 "patients and setting.")
    return AdviceSection("Personal statement: why SoCal, and what changed",
                         "\n\n".join(parts), "personal_statement", 20)


def _letters(a: Applicant) -> AdviceSection:
    total, local = len(a.us_letters), regional_letters(a)
    have = (f"You have {plural(total, 'US letter')}, {local} from SoCal." if total
            else "You have no US letters yet.")
    parts = ["Programs here want three to four US letters from physicians who watched you "
             f"work, and trust a Southern California attending most. {have}"]
    if total < 3:
        parts.append(f"Line up {3 - total} more before ERAS opens; a detailed letter from a "
                     "4-week rotation beats a famous name who barely knows you.")
    if local == 0:
        parts.append("None is from SoCal yet. The surest fix is a month of hands-on work at a "
                     "SoCal teaching hospital, asking about a letter by the middle of the "
                     "rotation.")
    else:
        parts.append("Send your SoCal letters to every program in the region.")
    parts.append("Give each writer your CV, a draft statement and three points you hope they "
                 "can speak to: reliability, growth after feedback, teamwork.")
    parts.append("Waive your right to read the letters in ERAS; programs trust confidential "
                 "letters more.")
    if issues := _exam_issues(a):
        parts.append(f"A writer who knows about {_join(issues)} and backs you anyway is worth "
                     "more than any other; ask whether they can say so.")
    return AdviceSection("Letters: three or four, at least one from SoCal", "\n\n".join(parts),
                         "letters", 30)


def _clinical_experience(a: Applicant) -> AdviceSection:
    spec = a.specialty.label.lower()
    local = regional_usce(a)
    if not a.clinical_experience:
        body = ("You have no US clinical experience yet, and SoCal programs rarely interview "
                "without it. A workable plan before ERAS opens:\n\n"
                f"1. Book a 4-week hands-on elective or sub-internship in {spec} at a SoCal "
                "community or county teaching hospital.\n"
                "2. Follow it with a second 4-week rotation, ideally in the county where you "
                "most want to train.\n"
                "3. Add a third month if you can: 3-6 months in the region makes you a known "
                "quantity.\n"
                "4. Ask for a letter at the end of each rotation.")
        return AdviceSection("US clinical experience: a plan", body, "clinical_experience", 40)

    total, hands_on = a.usce_months, regional_hands_on(a)
    if local == 0:
        parts = [f"Your {total:g} months of US experience were outside Southern California. "
                 "They count, but programs here trust local work most: add at least one "
                 "4-week hands-on rotation in SoCal, ideally at a program on your list, and "
                 "aim for 3-6 months in the region."]
    elif hands_on == 0:
        parts = ["None of your SoCal time is hands-on yet. The region's programs respond "
                 "best to 3-6 months of hands-on work: a 4-week elective or sub-internship "
                 "here would make a visible difference, and observerships alone rarely lead "
                 "to the detailed letters you need."]
    elif hands_on < 3:
        parts = [f"You have {plural(hands_on, 'month')} of hands-on work in SoCal. The "
                 "region's programs respond best to 3-6 months: one more 4-week hands-on "
                 "rotation here would make a visible difference. Book it early, as visiting "
                 "places at SoCal teaching hospitals go quickly."]
    else:
        parts = [f"{plural(hands_on, 'month')} of hands-on work in Southern California "
                 "already make you a known quantity. Name the hospitals, your "
                 "responsibilities and any continuity of care in ERAS, and apply to every "
                 "program where you rotated. A return visit to a favourite site keeps the "
                 "contact warm."]
    if not any(e.kind in helpers.HANDS_ON for e in a.clinical_experience):
        parts.append("All of it is observing. Electives, sub-internships and externships, "
                     "where you write notes and present patients, weigh far more.")
    if not any(e.specialty is a.specialty for e in a.clinical_experience):
        parts.append(f"None of it is in {spec}; aim for 3-4 months in the specialty itself.")
    if any(e.kind is ExperienceKind.SHADOWING for e in a.clinical_experience):
        parts.append("List shadowing last; programs give it little weight.")
    parts.append("On each rotation, ask for responsibility: write notes, present patients and "
                 "follow them up. A 4-8 week stay at one site builds the relationships that "
                 "turn into letters and interviews.")
    return AdviceSection("US clinical experience in the region", "\n\n".join(parts),
                         "clinical_experience", 40)


def _networking(a: Applicant) -> AdviceSection:
    places = regional_tie_places(a)
    if places:
        ties = (f"Your {_join(regional_tie_kinds(a))} ties to {_join(places)} answer the "
                "'why here' question before it is asked; state them plainly in your statement "
                "and program notes.")
    else:
        ties = ("No ties to Southern California are recorded. Build one honestly: volunteer at "
                "a free clinic, work or do research here in a gap year, or rotate at the "
                "programs you want.")
    parts = [f"**Ties.** {ties}"]

    spoken = helpers.speaks_any(a, tuple(LANGUAGE_COUNTIES))
    langs = []
    if "Spanish" in spoken:
        langs.append("Spanish is your strongest local asset: it matters for border health in "
                     "San Diego and Imperial, immigrant families in Los Angeles and farmworker "
                     "communities inland." + (" With your local ties it makes a credible case "
                                              "that you will serve these patients and stay."
                                              if places else ""))
    if "Vietnamese" in spoken:
        langs.append("Vietnamese is valued in Orange County's large Vietnamese community.")
    if "Korean" in spoken:
        langs.append("Korean helps with Korean-speaking patients in Los Angeles and Orange "
                     "County.")
    if not langs:
        langs.append("If you speak any Spanish, list it with an honest level; even working "
                     "Spanish is noticed here.")
    parts.append("**Languages.** " + " ".join(langs))

    society = SOCIETIES.get(a.specialty, "your specialty's national society")
    parts.append("**Contacts.**\n\n"
                 "- Join programs' virtual open houses and ask about their patients, not "
                 "their cut-offs.\n"
                 "- Write to alumni of your school training in SoCal, for advice rather "
                 "than favours.\n"
                 f"- Attend California chapter events of {society}.")
    return AdviceSection("Networking and commitment to the region", "\n\n".join(parts),
                         "networking", 50)


def _list_building(a: Applicant, plan: PlanSummary) -> AdviceSection:
    low, high = total_for(a)
    reach, target, safety = (plan.by_tier.get(t, 0) for t in ("reach", "target", "safety"))
    parts = [f"This strategy asks for {low}-{high} programs: 20-30% reaches (academic SoCal "
             "centres), 40-50% targets (county and community programs in SoCal and nearby) and "
             "20-30% safeties (IMG-friendly programs, often outside California). Your list has "
             f"{plural(plan.total, 'program')}: {reach} reaches, {target} targets and "
             f"{safety} safeties, {plan.by_region.get('socal', 0)} of them in Southern "
             "California."]
    parts.append("A safety is a program where you are a typical match, not one you like "
                 "less. Save tailored paragraphs and emails for realistic SoCal targets rather "
                 "than famous names.")
    if plan.total < low:
        parts.append(f"That is {low - plan.total} short of the minimum; add programs outside "
                     "the region rather than more SoCal reaches.")
    safety_floor = SHARES["safety"][0]
    if plan.total and safety / plan.total < safety_floor:
        parts.append(f"Only {safety / plan.total:.0%} are safeties, under the "
                     f"{safety_floor:.0%} floor. Too few true safeties is the commonest "
                     "mistake: add programs where your profile sits well inside the matched "
                     "range.")
    if long_shots := plan.by_tier.get("long_shot", 0):
        parts.append(f"{plural(long_shots, 'long shot')} on the list: keep only those you "
                     "would truly attend.")
    if plan.shortfalls:
        parts.append("The catalog could not meet the whole plan:\n\n"
                     + "\n".join(f"- {s}" for s in plan.shortfalls[:3]))
    return AdviceSection("Building your list", "\n\n".join(parts), "list_building", 60)


def _applying_early(a: Applicant) -> AdviceSection:
    low, high = total_for(a)
    items = ["Finish the statement, letters and experience entries before ERAS opens, and "
             "submit in the first days programs can download applications; SoCal programs "
             "fill interview days early."]
    if a.step2ck_score is None:
        items.append("Have your Step 2 CK result out before you submit; many programs will "
                     "not open a file without it.")
    if _step3_point(a):
        items.append("If you want H-1B programs, sit Step 3 early enough for the result to "
                     "arrive before interviews.")
    items.append("Check each program's score, graduation-year and attempt policies before "
                 "paying, and skip those that rule you out.")
    items.append(f"Budget now for {low}-{high} applications, so cost never forces you to cut "
                 "safeties.")
    items.append("Where ERAS lets you state a geographic preference, name the Pacific region "
                 "and say why in one line.")
    return AdviceSection("Apply early and complete", "\n".join(f"- {i}" for i in items),
                         "applying_early", 70)


def _interviews(a: Applicant) -> AdviceSection:
    parts = []
    if issues := _exam_issues(a):
        proof = _evidence(a)
        parts.append(f"Expect a question about {_join(issues)}. Prepare a 20-40 second answer: "
                     "what happened, one line of context, what you changed, and the proof"
                     + (f" ({_join(proof)})" if proof else "")
                     + ". Then stop; a long defence sounds like an excuse.")
    else:
        parts.append("Your scores are unlikely to lead the conversation, so prepare for fit: "
                     "why this specialty, why this program, what you bring to its team.")
    hooks = []
    if regional_tie_places(a):
        hooks.append("your ties here")
    if helpers.speaks_any(a, tuple(LANGUAGE_COUNTIES)):
        hooks.append("your languages")
    if regional_usce(a) > 0:
        hooks.append("your time in SoCal hospitals")
    parts.append("For 'why us', link the program's patients to "
                 + (_join(hooks) if hooks else "concrete experience with similar communities")
                 + "; never suggest you want Southern California for the weather.")
    if a.is_us_citizen:
        parts.append("On why you trained abroad, talk about what it gave you: adaptability, "
                     "resourcefulness, range across cultures.")
    elif a.needs_visa:
        parts.append("Be ready to name the visa you need and show you understand its terms.")
    else:
        parts.append("If your status comes up, say plainly that you need no visa.")
    parts.append("Have two stories ready: a patient you advocated for, and feedback you acted "
                 "on.")
    return AdviceSection("Interviews: the score question and 'why here'", "\n\n".join(parts),
                         "interviews", 80)


def _post_interview(a: Applicant) -> AdviceSection:
    items = [
        "Send a short thank-you within a day or two, naming something specific about the "
        "program's patients or teaching.",
        "Follow each program's rules on contact; some ask applicants not to write.",
        "Near ranking, you may tell one program honestly that it is your first choice; "
        "one only.",
        "Answer every email promptly and courteously: reliability is what you most need "
        "to prove.",
        "Stay grateful in tone: wanting Southern California is a reason to apply, not a "
        "claim on a place.",
    ]
    if regional_tie_places(a):
        items.append("If a program offers an in-person second look, your local ties make it "
                     "easy to go, and going shows intent.")
    return AdviceSection("After the interview", "\n".join(f"- {i}" for i in items),
                         "post_interview", 90)


def _backup_plans(a: Applicant) -> AdviceSection:
    items = [
        "**Prelim or transitional year:** be ready for preliminary medicine or "
        "transitional-year spots in the SOAP, ideally in SoCal, and use the year to earn "
        "local letters.",
        "**A year in SoCal:** a research or quality-improvement post at a SoCal hospital "
        "builds letters, publications and contacts.",
        "**Staged path:** matching elsewhere is not giving up; many return to Southern "
        "California for fellowship or a first job.",
    ]
    if a.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE:
        backup = a.backup_specialty.label.lower() if a.backup_specialty else None
        items.append(f"**Parallel specialty:** apply to {backup} alongside "
                     f"{a.specialty.label.lower()} with a full list of its own."
                     if backup else
                     f"**Parallel specialty:** add internal or family medicine alongside "
                     f"{a.specialty.label.lower()}; a handful of backup programs is not a "
                     "plan.")
    if a.needs_visa and not a.step3_passed:
        items.append("**Step 3:** a gap year is a good time to pass it, which widens H-1B "
                     "options.")
    return AdviceSection("If you do not match", "\n".join(f"- {i}" for i in items),
                         "backup_plans", 100)
