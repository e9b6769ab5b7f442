"""Advice for a student aiming at Los Angeles, one section per theme, filled from the profile
and the finished list. The strategy speaks to non-US-citizen IMGs; where the student needs no
visa, the sections say what changes.
"""

from __future__ import annotations

from advisor.enums import Specialty, SpecialtyClass
from advisor.hooks import helpers
from advisor.hooks.types import AdviceSection, Applicant, PlanSummary

from advisor_los_angeles.planning import total_for
from advisor_los_angeles.profile import (
    VISA_WORDS, evidence, exam_issues, join, la_hands_on, la_usce, nearby_usce, plural,
    step1_concern, tie_kinds, tie_places, wants_step3,
)
from advisor_los_angeles.region import LANGUAGES, MISSION_TOPICS, NEARBY, REGION

# Below this share of safeties a list is thin (the nationwide guide's most common mistake).
SAFETY_FLOOR = 0.2


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


def _self_assessment(a: Applicant) -> AdviceSection:
    s = a.step2ck_score
    if s is None:
        score = ("Not taken yet. Do not rush it: a second weak score costs more than a year's "
                 "delay. Sit it when NBME and UWorld self-assessments put you safely above "
                 "220-225, ideally 230 or more.")
    elif s >= 230:
        score = (f"{s} meets the ~230 mark that even LA's more competitive programs use, so "
                 "scores should not stop your file being read.")
    elif s >= 225:
        score = (f"{s} passes the lower end of the 225-230 screens many LA programs apply, "
                 "but not the upper end: academic LA programs remain reaches.")
    elif s >= 220:
        score = (f"{s} sits under the 225-230 screens many LA programs apply before reading "
                 "anything else. Mid-range, community and county programs are realistic.")
    elif s >= 210:
        score = (f"{s} is below the ~220 that many mid-range LA programs expect. IMG-friendly "
                 "community and safety-net programs are your core; academic LA is a long "
                 "reach.")
    else:
        score = (f"{s} is clearly below average for LA. Match first at highly IMG-friendly "
                 "programs elsewhere, and treat LA as the goal for fellowship or a job.")
    parts = [f"**Step 2 CK.** {score}"]

    if concern := step1_concern(a):
        parts.append(f"**Step 1.** Your record shows {concern}; Step 2 CK and Step 3 now have "
                     "to carry the proof that it is behind you.")

    if a.needs_visa:
        visa = (f"**Visa.** You need {VISA_WORDS[a.visa_needed]} sponsorship, and many LA "
                "programs offer neither J-1 nor H-1B: confirm each program's policy first. "
                "Programs training non-US IMGs right now are the likeliest to rank you.")
        if wants_step3(a):
            visa += (" With a Step 2 CK under 230, pass Step 3 before applying: many H-1B "
                     "sponsors require it, and a solid result shows growth.")
        elif a.step3_passed:
            visa += " Your Step 3 pass already satisfies H-1B sponsors that ask for it."
    else:
        visa = ("**Visa.** This strategy is written for graduates who need a visa. You need "
                "none, which removes LA's biggest filter; many programs prefer such "
                "applicants over visa-needing graduates with higher scores.")
    parts.append(visa)

    if a.years_since_graduation >= 5:
        parts.append(f"**Graduation.** {plural(a.years_since_graduation, 'year')} since "
                     "graduation is a liability; recent hands-on US work narrows the gap.")
    missing = []
    if la_hands_on(a) == 0:
        missing.append("hands-on US clinical work in Los Angeles")
    if len(a.us_letters) < 2:
        missing.append("at least 2-3 US letters")
    if not tie_places(a):
        missing.append("a visible connection to LA")
    parts.append("**What moves you forward.** " + (
        f"Still to build: {join(missing)}." if missing else
        "Local experience, letters and roots are in place; name them in every LA "
        "application, and keep a recent rotation or job on your CV so the file stays "
        "current."))
    if a.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE:
        parts.append(f"**Specialty.** {a.specialty.label} is very hard in LA with modest "
                     "scores; keep internal or family medicine in LA as a realistic primary "
                     "target.")
    return AdviceSection("Where you stand for Los Angeles", "\n\n".join(parts),
                         "self_assessment", 10)


def _personal_statement(a: Applicant) -> AdviceSection:
    parts = []
    if issues := exam_issues(a):
        proof = evidence(a)
        parts.append(f"Mention {join(issues)} early and briefly, in two or three sentences: "
                     "the fact, a line of honest context, what you changed (mentors, question "
                     "banks, a structured plan)"
                     + (f" and the result: {join(proof)}" if proof else "")
                     + ". No self-pity, no defence; maturity reads better than explanation.")
    else:
        parts.append("There is no exam history to explain, so give the whole page to your "
                     "story.")
    links = []
    if places := tie_places(a):
        links.append(f"your {join(tie_kinds(a))} ties in Los Angeles")
    if spoken := helpers.speaks_any(a, LANGUAGES):
        links.append(f"your {join(spoken)}")
    if la_usce(a):
        links.append("your clinical time in LA")
    links.append("any work with " + join(list(MISSION_TOPICS[:3])) + " or immigrant patients")
    parts.append(f"Spend most of it on your path as an international graduate, why "
                 f"{a.specialty.label.lower()}, and why Los Angeles specifically: "
                 f"{join(links)}.")
    if places:
        parts.append("Family or friends in LA can be named in a line as a sign you will "
                     "settle and stay.")
    else:
        parts.append("Without a personal link to LA yet, say what draws you to its patients "
                     "and what you have done to prepare for them.")
    parts.append("Keep one version tuned for LA programs that names your LA experiences by "
                 "place.")
    return AdviceSection("Personal statement: brief on scores, specific on LA",
                         "\n\n".join(parts), "personal_statement", 20)


def _letters(a: Applicant) -> AdviceSection:
    total, local = len(a.us_letters), helpers.letters_in(a, REGION)
    spec = a.specialty.label.lower()
    have = (f"You have {plural(total, 'US letter')}, {local} from Los Angeles." if total
            else "You have no US letters yet.")
    parts = ["Collect two or three US letters at minimum, from teaching faculty: a program "
             f"director or associate director, a service chief or a {spec} attending. {have}"]
    if total < 3:
        parts.append(f"Get {3 - total} more; ask once you have proved yourself on a rotation, "
                     "not on the first day.")
    if local == 0:
        parts.append("A letter from an LA physician tells LA programs you have already "
                     "worked in their world; plan a rotation that can earn one.")
    parts.append("The strongest letters speak to clinical reasoning, reliability and "
                 "communication, compare you favourably with US fourth-year students, and "
                 "recommend you for residency, ideally in Los Angeles.")
    parts.append("Waive your right to read the letters in ERAS; programs trust confidential "
                 "letters more.")
    if issues := exam_issues(a):
        parts.append(f"A writer who knows about {join(issues)} and still backs you strongly "
                     "softens it more than anything you write yourself.")
    return AdviceSection("Letters from US faculty", "\n\n".join(parts), "letters", 30)


def _clinical_experience(a: Applicant) -> AdviceSection:
    spec = a.specialty.label.lower()
    here, near, hands_on = la_usce(a), nearby_usce(a), la_hands_on(a)
    if not a.clinical_experience:
        body = ("You have no US clinical experience, and for a non-US graduate it can matter "
                "more than a few points of score. A plan:\n\n"
                f"1. A 4-week sub-internship, externship or elective in {spec} at an LA "
                "County safety-net or community teaching hospital.\n"
                "2. A second hands-on month in LA or nearby Southern California; even a site "
                "outside your target programs builds contacts, as LA medicine is closely "
                "linked.\n"
                "3. On each: be early, volunteer for case presentations, and ask about a "
                "letter once you have shown your work.\n"
                "4. Skip pure shadowing; it carries little weight.")
        return AdviceSection("US clinical experience: a plan", body, "clinical_experience", 40)

    if hands_on >= 3:
        parts = [f"{plural(hands_on, 'month')} of hands-on work in Los Angeles put you "
                 "ahead of most non-US applicants. Name the hospitals and what you did, and "
                 "apply to every program where you rotated."]
    elif hands_on > 0:
        parts = [f"You have {plural(hands_on, 'month')} of hands-on work in Los Angeles; "
                 "another hands-on month at a county or community teaching hospital would make "
                 "you a familiar face."]
    elif here > 0:
        parts = ["Your LA time so far is observing; a hands-on month at a county or community "
                 "teaching hospital there would count for much more."]
    elif near > 0:
        parts = ["Your clinical time elsewhere in Southern California helps, but LA programs "
                 "weigh LA most: add a hands-on month in the county."]
    else:
        parts = [f"Your {a.usce_months:g} months of US work were outside Southern California. "
                 "They count everywhere; for LA, add a hands-on month at an LA teaching "
                 "hospital."]
    if hands_on < 3:
        parts.append("A site that is not on your list still builds contacts: LA's medical "
                     "community is closely connected.")
    if not any(e.kind in helpers.HANDS_ON for e in a.clinical_experience):
        parts.append("All of it is observing. Sub-internships, externships and electives, "
                     "where you see patients under supervision, carry far more weight.")
    if not any(e.specialty is a.specialty for e in a.clinical_experience):
        parts.append(f"None of it is in {spec}; aim for 3-4 months in the specialty.")
    parts.append("On every rotation, be early, present cases, join the journal club and "
                 "show commitment to underserved patients, which fits the mission of many LA "
                 "programs. Ask about a letter once you have proved yourself.")
    return AdviceSection("US clinical experience in Los Angeles", "\n\n".join(parts),
                         "clinical_experience", 40)


def _networking(a: Applicant) -> AdviceSection:
    places, near_places = tie_places(a), tie_places(a, NEARBY)
    if places:
        ties = (f"Your {join(tie_kinds(a))} ties in Los Angeles are worth naming: programs "
                "here favour applicants likely to stay.")
    elif near_places:
        ties = (f"Your ties in {join(near_places)} count for LA, though less than roots in "
                "the county itself.")
    else:
        ties = ("No LA ties are recorded. Build them: spend a preparation or research year in "
                "LA, or volunteer at free clinics, mobile clinics or public health outreach.")
    parts = [f"**Roots.** {ties}"]

    spoken = helpers.speaks_any(a, LANGUAGES)
    if "Spanish" in spoken:
        lang = ("Spanish is a major asset: many patients at LA's safety-net hospitals speak "
                "it." + (" Together with your LA ties it makes you a natural fit for those "
                         "programs." if places else ""))
    elif spoken:
        lang = (f"LA has sizeable {join(spoken)}-speaking communities; list "
                f"{'the language' if len(spoken) == 1 else 'each language'} with your level.")
    else:
        lang = "If you speak Spanish at any level, say so; LA programs notice."
    parts.append(f"**Languages.** {lang}")
    parts.append("**Mission.** LA programs look for interest in " + join(list(MISSION_TOPICS))
                 + ". Name any experience with them.")
    parts.append("**Contacts.** Reach current residents through LinkedIn, alumni and IMG "
                 "forums, and ask whether the program interviews non-US IMGs, whether H-1B "
                 "needs Step 3, and how strict its cut-off is.")
    return AdviceSection("Roots, languages and mission in LA", "\n\n".join(parts),
                         "networking", 50)


def _list_building(a: Applicant, plan: PlanSummary) -> AdviceSection:
    low, high = total_for(a)
    in_la = plan.by_region.get("los_angeles", 0)
    reach, target, safety = (plan.by_tier.get(t, 0) for t in ("reach", "target", "safety"))
    parts = [f"Plan {low}-{high} programs or more in three tiers: (1) IMG-friendly LA "
             "programs with current non-US IMG residents, (2) LA and SoCal programs that take "
             "IMGs now and then, (3) IMG-friendly programs elsewhere in California and other "
             "states. LA's realistic list is short, so tier 3 carries the volume.",
             f"Your list has {plural(plan.total, 'program')}, {in_la} in Los Angeles County: "
             f"{reach} reaches, {target} targets, {safety} safeties."]
    if plan.total < low:
        parts.append(f"That is {low - plan.total} short of the minimum; add tier 3 programs.")
    if plan.total and safety / plan.total < SAFETY_FLOOR:
        parts.append(f"Only {safety / plan.total:.0%} are safeties; add programs where your "
                     "profile sits well inside the usual matched range.")
    if a.needs_visa:
        parts.append("Leave out any program that sponsors no visa you can use.")
    else:
        parts.append("Without a visa need, programs that sponsor none are open to you too.")
    if plan.shortfalls:
        parts.append("Not met by the catalog:\n\n"
                     + "\n".join(f"- {s}" for s in plan.shortfalls[:3]))
    return AdviceSection("Building your list: LA first, breadth behind it", "\n\n".join(parts),
                         "list_building", 60)


def _applying_early(a: Applicant) -> AdviceSection:
    low, high = total_for(a)
    items = ["Have the statement, letters and experience entries final before ERAS opens; "
             "submit in the first days programs can download applications.",
             "Do not hold the whole application back for one minor detail."]
    if a.step2ck_score is None:
        items.append("If Step 2 CK is not ready, applying a year later with a strong score "
                     "beats applying now with a weak one.")
    if wants_step3(a):
        items.append("Schedule Step 3 so the result is out before you apply, and only once "
                     "you are ready: another weak score will not help.")
    items.append(f"Budget for {low}-{high} application fees, plus rotation and exam costs.")
    items.append("Keep a sheet of each program's visa, Step 3, score and graduation-year "
                 "policies, and apply only where none of them rules you out."
                 if a.needs_visa else
                 "Keep a sheet of each program's score and graduation-year policies, and "
                 "apply only where neither rules you out.")
    items.append("Adjust the statement slightly for LA programs, naming your LA experience.")
    return AdviceSection("Apply early, but not with a rushed exam",
                         "\n".join(f"- {i}" for i in items), "applying_early", 70)


def _interviews(a: Applicant) -> AdviceSection:
    parts = []
    if issues := exam_issues(a):
        proof = evidence(a)
        parts.append(f"Expect to be asked about {join(issues)}. Answer in 20-40 seconds:\n\n"
                     "1. Acknowledge it in one sentence.\n"
                     "2. Give the context, without blaming anyone.\n"
                     "3. Say what you changed in how you study and work.\n"
                     "4. Point to evidence"
                     + (f": {join(proof)}." if proof else " of improvement."))
    else:
        parts.append("Your scores will not lead the interview; fit and communication will.")
    parts.append("For 'why Los Angeles' and 'why us', talk about the program's patients and "
                 "your own work with similar communities, never about the city's appeal.")
    parts.append("Prepare stories for what LA programs value: speaking up for an uninsured "
                 "or immigrant patient, a hard cross-cultural conversation, and keeping care "
                 "safe on a busy day.")
    if a.needs_visa:
        parts.append("Be ready to state your visa need plainly"
                     + (" and when you will sit Step 3." if wants_step3(a) else "."))
    else:
        parts.append("Mention that you need no visa if it does not come up; it matters to "
                     "programs here.")
    return AdviceSection("Interviews: scores in 40 seconds, then fit", "\n\n".join(parts),
                         "interviews", 80)


def _post_interview(a: Applicant) -> AdviceSection:
    items = [
        "Follow each program's stated policy on contact; some LA programs ask for none.",
        "Where allowed, send a thank-you within 24-48 hours that names something you learned "
        "and why you fit its patients.",
        "Near ranking, you may send one honest 'first choice' note to one program only; keep "
        "it short.",
    ]
    if a.needs_visa:
        items.append("If a program asks about your visa or Step 3 timing, answer within a "
                     "day, with dates.")
    items.append("If your file changes (a new score, a publication), send one short update "
                 "to the programs that interviewed you.")
    items.append("Keep replies prompt and professional until Match Day.")
    return AdviceSection("After the interview", "\n".join(f"- {i}" for i in items),
                         "post_interview", 90)


def _backup_plans(a: Applicant) -> AdviceSection:
    others = [s.label.lower() for s in (Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY)
              if s is not a.specialty]
    items = [
        "**Prelim or transitional year:** a one-year position in the SOAP"
        + (" that sponsors your visa" if a.needs_visa else "")
        + " keeps you in US training and earns US letters.",
        "**Research in LA:** a clinical research or quality-improvement post at an LA "
        "institution brings US publications, academic letters and contacts; many pay little"
        + (", and your immigration status must allow it." if a.needs_visa else "."),
        "**More hands-on USCE**, in LA or elsewhere, if yours was short or mostly observing.",
        "**Communication:** a medical English course or practice writing US-style notes with "
        "feedback, if fluency ever caused misunderstandings.",
        f"**Widen the net:** apply across the US next cycle and consider {' or '.join(others)}; "
        "training elsewhere does not stop you returning to LA for fellowship or "
        "a job.",
    ]
    if a.needs_visa and not a.step3_passed:
        items.append("**Step 3:** pass it in the gap year to open H-1B programs.")
    if a.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE:
        items.append(f"**Long route to {a.specialty.label.lower()}:** a prelim year plus "
                     "research, with a primary-care specialty as the realistic match.")
    return AdviceSection("If you do not match in Los Angeles",
                         "\n".join(f"- {i}" for i in items), "backup_plans", 100)
