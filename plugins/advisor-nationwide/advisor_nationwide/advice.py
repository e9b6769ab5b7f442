"""Advice sections for one student, one function per theme, each chosen from the profile.

The nationwide source speaks to US-citizen IMGs; where a student who needs a visa stands
somewhere else, the text says so.
"""

from __future__ import annotations

from math import ceil

from advisor.enums import VisaNeed
from advisor.hooks.types import AdviceSection, Applicant, PlanSummary

from advisor_nationwide.plan import list_total, shares_for
from advisor_nationwide.profile import (
    TARGET_LETTERS,
    TARGET_USCE_MONTHS,
    Band,
    Profile,
    read_profile,
)

LOW_BANDS = (Band.LOWER, Band.LOW, Band.VERY_LOW)
# Below this an H-1B applicant should pass Step 3 before applying.
H1B_STEP3_BELOW = 230


def advise(applicant: Applicant, plan: PlanSummary) -> list[AdviceSection]:
    p = read_profile(applicant)
    return [
        _score(applicant, p),
        _citizenship(applicant, p),
        _statement(applicant, p),
        _letters(applicant, p),
        _clinical(applicant, p),
        _networking(applicant, p),
        _list(applicant, p, plan),
        _timing(applicant, p),
        _interviews(applicant, p),
        _after_interviews(applicant, p),
        _backup(applicant, p),
    ]


def _field(applicant: Applicant) -> str:
    return applicant.specialty.label.lower()


def _count(n: float, noun: str) -> str:
    return f"{n:g} {noun}" + ("" if n == 1 else "s")


# ----------------------------------------------------------------------------- self-assessment

def _score(applicant: Applicant, p: Profile) -> AdviceSection:
    s, field = applicant.step2ck_score, _field(applicant)
    bodies = {
        Band.STRONG: (
            f"A Step 2 CK of {s} sits comfortably above what most IMG-friendly {field} "
            "programs expect. That changes the job: rather than hunting for any program that "
            "will read your file, pick the ones you would be glad to train at and put your "
            "effort into interviews and letters rather than sheer volume. Keep some true "
            "safeties all the same; IMGs with strong scores still go unmatched when every "
            "program on the list is a university hospital in a big coastal city. Check each "
            "roster for IMGs, and ideally US-citizen IMGs, in training now."),
        Band.COMPETITIVE: (
            f"At {s}, your Step 2 CK is in the range that many IMG-friendly {field} programs "
            "match every year. That makes you competitive, not safe: a published average is "
            "not a promise, and university programs in crowded cities will still pass on "
            "files like yours. Use the score to open doors at community and "
            "university-affiliated programs with a steady IMG intake, and let your letters "
            "and US experience carry you into the more selective ones."),
        Band.LOWER: (
            f"A score of {s} puts you at the lower edge of what IMG-friendly {field} programs "
            "usually take. Some will filter you out before anyone opens the file; the rest "
            "will look hard at everything else. What a selection committee quietly asks is "
            "whether you will pass your boards and keep pace on the wards. Answer that "
            "with evidence: hands-on US experience, letters that praise your reliability and "
            "a clean record since the exam."),
        Band.LOW: (
            f"At {s}, your Step 2 CK is below what most programs in core fields look for, but "
            "it does not close the door. Applicants in this range match every year, mostly "
            "at community programs where IMGs fill a large share of the positions, and mostly "
            "away from the big coastal cities. What you control now is where you apply and "
            "how convincingly the rest of the file shows a dependable intern: strong US "
            "letters, months of hands-on US work and a short, honest account of the score."),
        Band.VERY_LOW: (
            f"A Step 2 CK of {s} is very low, and the realistic field narrows sharply. Aim "
            "almost entirely at programs where IMGs make up a large part of every class, in "
            "family medicine, psychiatry and community internal medicine. Everything else in "
            "your file has to work hard: months of US clinical work, letters from US "
            "physicians who watched you care for patients, and proof that you are reliable. "
            "If your timeline allows, US-based academic work such as a research post or an "
            "MPH can strengthen the application."),
        Band.PENDING: (
            "Your Step 2 CK result is not in yet, and it is now the number programs weigh "
            "most. If your clinical work suggests you will clearly beat your earlier exams, "
            "waiting for the score so programs can see the upward trend may be worth it. If "
            "it comes back low, enlarge the list and lean on IMG-friendly community programs. "
            "Either way, finish every other part of the application now, so that nothing "
            "else is waiting when the score arrives."),
    }
    return AdviceSection("Where your Step 2 CK puts you", bodies[p.band],
                         theme="self_assessment", order=10)


def _citizenship(applicant: Applicant, p: Profile) -> AdviceSection:
    if applicant.is_us_citizen:
        body = (
            "As a US citizen you need no visa, and that counts for more than many applicants "
            "expect. Sponsoring a visa costs a program money, paperwork and the risk of a late "
            "start, so many IMG-friendly programs rank a US-citizen IMG ahead of a non-citizen "
            "with a higher score. Make it impossible to miss: state your citizenship plainly in "
            "ERAS, mark sponsorship as not required, and mention in interviews that you can "
            "start on time with no immigration delays.")
        return AdviceSection("Your citizenship is an asset", body, "self_assessment", 20)
    if p.no_visa_needed:
        body = (
            "As a permanent resident you need no visa, which puts you close to a US-citizen "
            "IMG in most programs' eyes: no sponsorship cost and no risk of a delayed start. "
            "Show your status plainly in ERAS and mark sponsorship as not required. Bear in "
            "mind that this strategy's figures describe US-citizen IMGs; a few programs, and "
            "some later steps such as certain federal posts, still separate citizens from "
            "permanent residents, so read the fine print where it matters to you.")
        return AdviceSection("Your residency status", body, "self_assessment", 20)
    return AdviceSection("Where a visa changes the picture", _visa_body(applicant, p),
                         "self_assessment", 20)


def _visa_body(applicant: Applicant, p: Profile) -> str:
    opening = (
        "This strategy is built around US-citizen IMGs, and your case differs in one big way: "
        "a program that sponsors no visa you can use is closed to you, whatever your scores, "
        "so filter by sponsorship before anything else and expect to need more programs. ")
    j1 = ("The J-1, sponsored through ECFMG, is what most IMG-friendly programs offer; it "
          "brings a two-year home-country requirement after training unless you earn a "
          "waiver, often by working in an underserved area. ")
    h1b = ("Far fewer programs sponsor the H-1B, and many of those want Step 3 passed before "
           "they can file. ")
    wants_h1b = applicant.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B)
    body = opening + (j1 if applicant.visa_needed is not VisaNeed.H1B else "") + (
        h1b if wants_h1b else "")
    if wants_h1b and applicant.step3_passed:
        body += "Your Step 3 pass already meets that bar; name it early in every application."
    elif wants_h1b and (applicant.step2ck_score is None
                        or applicant.step2ck_score < H1B_STEP3_BELOW):
        body += ("With your Step 2 CK where it is, a solid Step 3 before you apply does double "
                 "duty: it opens H-1B programs that require it and shows you have moved past "
                 "the earlier score.")
    elif applicant.visa_needed is VisaNeed.J1:
        body += ("If you ever hope to switch to an H-1B, passing Step 3 early keeps that "
                 "option open.")
    return body.strip()


# --------------------------------------------------------------------------- the application

def _statement(applicant: Applicant, p: Profile) -> AdviceSection:
    field, s = _field(applicant), applicant.step2ck_score
    if p.has_failure:
        what = ("Step 1 failure" if applicant.step1_failures
                else "repeat Step 2 CK attempt")
        proof = (f"such as your Step 2 CK of {s}" if s is not None and s >= 230
                 else "such as later exam results, shelf scores or clerkship evaluations")
        body = (
            f"Programs will see the {what}, so address it yourself: once, in a single "
            "paragraph, and then move on. Name it plainly and give the real context in a "
            "sentence (an illness now resolved, a family crisis, a study method that did not "
            "work) without blaming anyone. Spend most of the paragraph on what you changed: "
            "how you study, how you plan your time, when you ask for help. Then point to "
            f"proof, {proof}, and close with how that lesson shapes the resident you will be. "
            f"The rest of the statement belongs to why you chose {field} and the patients you "
            "have cared for in the US.")
        return AdviceSection("Addressing the failed attempt", body, "personal_statement", 30)
    if p.band in LOW_BANDS:
        body = (
            f"A Step 2 CK of {s} is low for {field}, so a short acknowledgement usually helps "
            "more than silence. Keep it to three or four sentences: the score, any real "
            "context without excuses, what you changed in how you prepare, and the evidence "
            "that it worked, such as shelf scores, strong clerkship evaluations or practice "
            "exams. Avoid a defensive tone and a blow-by-blow account of the exam. Give the "
            "rest of the page to your commitment to the specialty, your US clinical work and "
            "the steady habits that will make you a safe intern.")
        return AdviceSection("Mentioning the score, briefly", body, "personal_statement", 30)
    body = (
        f"Your score needs no explanation, so the statement can do what statements do best: "
        f"show why {field}, and why you will be a reliable colleague. Build it around one or "
        "two patients from your US clinical work and what you did for them, then show the "
        "long commitments on your CV, such as years in a job, a volunteer role or a "
        "leadership post. If you are drawn to a region or a kind of hospital, say so "
        "concretely; community programs like applicants who know why they are applying there.")
    return AdviceSection("What your statement should do", body, "personal_statement", 30)


def _letters(applicant: Applicant, p: Profile) -> AdviceSection:
    field, n = _field(applicant), p.specialty_letters
    ask = ("Ask each writer directly whether they can write a strong letter that speaks to "
           "your reliability, clinical reasoning and response to feedback; a writer who "
           "hesitates is telling you something. ")
    if n >= TARGET_LETTERS:
        body = (
            f"You have {n} US letters in {field}, which is what IMG-friendly programs want to "
            "see; at many of them a letter from a US physician who knows you well weighs as "
            "much as the score. Make sure they are strong rather than polite: the best say "
            "the writer would rank you highly and describe your work ethic and teamwork in "
            "specifics. " + ask + "Try to include one from a program director or core "
            "faculty member, and have every letter uploaded before ERAS opens.")
    else:
        other = p.letters - n
        have = f"You have {_count(n, 'US letter')} in {field}" + (
            f" and {other} from other fields" if other else "") + "; "
        body = (
            have + "this strategy asks for 3-4 strong ones in the specialty, and at "
            "IMG-friendly programs they can matter as much as the score. Plan each coming "
            "rotation around a letter: work closely with one attending, ask for feedback "
            "halfway through, and raise the letter before the last week. " + ask +
            "A short stack of glowing letters does more than a thick pile of lukewarm ones; "
            "letters from outside "
            f"{field} count for less. Aim to have all of them uploaded before ERAS opens.")
    return AdviceSection("US letters of recommendation", body, "letters", 40)


def _clinical(applicant: Applicant, p: Profile) -> AdviceSection:
    field, k = _field(applicant), p.specialty_usce_months
    if p.usce_months == 0:
        title = "A plan for US clinical experience"
        body = (
            "You have no US clinical experience yet, and for this strategy it is the biggest "
            "gap to close. A workable plan: book two four-week hands-on rotations (electives, "
            f"sub-internships or externships) in {field} at community hospitals that train "
            "IMGs, ideally ones you will apply to, then a third month on an inpatient or "
            "clinic service with attendings who can write for you. Aim for 3-4 months before "
            "ERAS opens. If hands-on places are full, an observership where you return to "
            "the same team beats scattered shadowing. On every rotation, work like an intern: "
            "know your patients completely, take on admissions and ask for mid-rotation "
            "feedback.")
    elif k < TARGET_USCE_MONTHS:
        title = "Adding to your US clinical experience"
        body = (
            f"You have {_count(p.usce_months, 'month')} of US clinical experience, {k:g} of "
            f"them hands-on in {field}. This strategy asks for 3-4 months of hands-on work in "
            f"the specialty, so plan about {max(1, ceil(TARGET_USCE_MONTHS - k))}-"
            f"{ceil(TARGET_USCE_MONTHS + 1 - k)} more, in four- to "
            "eight-week blocks at one site rather than many short stints. Choose community "
            "hospitals whose programs take IMGs, since faculty there can vouch for you to "
            "their own program director. Observerships and shadowing help less than "
            "electives or sub-internships, where you carry patients. Treat each block as an "
            "audition: arrive prepared, follow through, and ask what would make you perform "
            "at intern level.")
    else:
        title = "Making your US experience count"
        body = (
            f"With {k:g} months of hands-on US work in {field}, you meet what this strategy "
            "asks for. Now make it visible. Describe each rotation in ERAS by what you did: "
            "patients carried, admissions, presentations. Point to evaluations that mention "
            "reliability or intern-level work. If you still have time to rotate, choose a "
            "program you would rank highly, where faculty can speak for you in the selection "
            "meeting. Programs that have seen you work forgive a weak score far more readily "
            "than programs that only see the number.")
    return AdviceSection(title, body, "clinical_experience", 50)


def _networking(applicant: Applicant, p: Profile) -> AdviceSection:
    who = "a US-citizen IMG" if applicant.is_us_citizen else "an IMG"
    visa = ("" if p.no_visa_needed else
            " Ask residents, too, which programs have sponsored your visa type recently.")
    body = (
        "A low-score application that nobody expects is easy to pass over, so give specific "
        "people a reason to look for your name. Before each rotation ends, ask the attending "
        "who knows your work best whether they would support your application and take a "
        "call from a program. Write to coordinators or program directors only at programs "
        f"you truly want: eight to ten lines saying you are {who}, why this program and "
        "region, and your strongest points, such as US experience, letters or languages. "
        "Write to a handful, not hundreds. Contact graduates of your school and current "
        "US-citizen IMG residents; ask which programs look past scores and which rotations "
        "feed their match. A resident's word to a program director can get a file a "
        "second look." + visa)
    return AdviceSection("People who will look for your application", body, "networking", 60)


def _list(applicant: Applicant, p: Profile, plan: PlanSummary) -> AdviceSection:
    low, high = list_total(applicant)
    shares = shares_for(applicant)
    safety = plan.by_tier.get("safety", 0)
    target = plan.by_tier.get("target", 0)
    reach = plan.by_tier.get("reach", 0)
    parts = [
        f"For your profile this strategy suggests {low}-{high} programs, roughly "
        f"{_span(shares['reach'])} reaches, {_span(shares['target'])} targets and "
        f"{_span(shares['safety'])} safeties."]
    if plan.total:
        share = safety / plan.total
        parts.append(f"Your planned list has {plan.total}: {safety} safeties, {target} "
                     f"targets and {reach} reaches, so safeties are {share:.0%} of it.")
        if share < shares["safety"][0]:
            parts.append("That is too few; add true safeties before anything else.")
    else:
        parts.append("No programs are on your list yet.")
    parts.append("Lists like this fail most often for want of real safeties. The label "
                 "belongs only to programs that routinely match people with your numbers and "
                 "experience, however little you fancy them.")
    if p.band is Band.VERY_LOW:
        parts.append("At your score, fill it almost only with highly IMG-friendly family "
                     "medicine, psychiatry and community internal medicine.")
    else:
        parts.append("Favour community programs in the Midwest, the South and smaller cities "
                     "with US-citizen IMGs in training, and keep university programs in New "
                     "York City, Boston and California to a few.")
    if plan.total and plan.total < low:
        parts.append(f"The list is {low - plan.total} short of the suggested minimum; widen "
                     "it with more IMG-friendly community programs.")
    if plan.shortfalls:
        parts.append(f"The catalog could not meet {_count(len(plan.shortfalls), 'part')} of "
                     "the plan; look beyond it for more programs of the kind it lacks.")
    return AdviceSection("Building your list", " ".join(parts), "list_building", 70)


def _span(bounds: tuple[float, float]) -> str:
    return f"{bounds[0]:.0%}-{bounds[1]:.0%}".replace("%-", "-")


def _timing(applicant: Applicant, p: Profile) -> AdviceSection:
    body = (
        "Submit ERAS on the first day programs can receive applications. Many IMG-friendly "
        "programs fill their interview calendars from the first wave of files, and a low score "
        "plus a late arrival is a hard combination to overcome. Have everything ready weeks "
        "ahead: personal statement, CV, photo, MSPE, transcripts and every letter, so no "
        "program sees an incomplete file. A key letter that arrives in October costs you "
        "interviews you would otherwise have had.")
    if p.band is Band.PENDING:
        body += (" Plan the Step 2 CK date so the result is released before or soon after "
                 "ERAS opens, unless you have decided to wait a season for it.")
    return AdviceSection("Apply on day one", body, "applying_early", 80)


# -------------------------------------------------------------------------------- interviews

def _interviews(applicant: Applicant, p: Profile) -> AdviceSection:
    if p.has_failure or p.band in LOW_BANDS:
        topic = "the failed attempt" if p.has_failure else "your score"
        body = (
            f"Expect a question about {topic}, and answer it in 20 to 40 seconds: acknowledge "
            "it, give one sentence of context, say what you changed, and name the evidence "
            "that the change worked. Practise it aloud until it sounds calm rather than "
            "rehearsed, then steer to your strengths. Behind the question sit three worries: "
            "will you pass your boards first time, can you keep up with the workload, and do "
            "you take feedback well? Prepare short, true stories for each, including a hard "
            "moment in medical school and how you keep several duties organised at once. Aim "
            "for the interviewer to picture you on next July's call schedule: steady, "
            "prepared and easy to teach.")
    else:
        body = (
            "Your score got you the interview; now show you will be an intern the team can "
            "rely on. Directors want to know you will pass your boards, keep up with the "
            "workload and take feedback well, so prepare short, true stories for each: a "
            "hard moment in medical school and how you handled it, how you organise several "
            "duties at once, and a time feedback changed how you worked. Know each program's "
            "patients and why you want to train there, and have questions ready that show "
            "you read about it.")
    return AdviceSection("Interviews", body, "interviews", 90)


def _after_interviews(applicant: Applicant, p: Profile) -> AdviceSection:
    body = (
        "Send a short thank-you note within a day or two of each interview, naming something "
        "specific you talked about. Keep programs informed of real news only: a new letter, "
        "a Step 3 pass, a publication. If one program is clearly your first choice, you may "
        "tell that one program so in a brief, honest letter; say it to no other. Match rules "
        "forbid programs from asking how you will rank them, and you should never press a "
        "program about its list. Rank every program you would truly attend in your real "
        "order of preference, safeties included: leaving a safety off to look selective is "
        "how a match turns into SOAP.")
    return AdviceSection("After the interviews", body, "post_interview", 100)


# ------------------------------------------------------------------------------- backup plans

def _backup(applicant: Applicant, p: Profile) -> AdviceSection:
    parts: list[str] = []
    if p.competitive_specialty and (p.band in LOW_BANDS or p.band is Band.PENDING):
        backup = applicant.backup_specialty
        parts.append(
            f"{applicant.specialty.label} is hard to enter at your score, so apply at the same "
            "time to a more IMG-friendly field" + (
                f"; your backup, {backup.label.lower()}, fits that role" if backup else
                ", such as internal medicine, family medicine, psychiatry or pediatrics") +
            ". Choose programs whose graduates go on to fellowships or work close to your "
            "first interest.")
    parts.append(
        "If the match does not go your way, a preliminary internal medicine or surgery year, "
        "or a transitional year where they take IMGs, puts you in a US hospital with fresh "
        "evaluations and a chance to reapply from inside the system. It is demanding and "
        "guarantees nothing, but it is a real route.")
    parts.append(
        "Before the match, decide what you will do in SOAP and which extra year you would "
        "take: US research, an MPH, or more clinical work with new letters.")
    if not p.no_visa_needed:
        parts.append("Check that any preliminary or transitional program sponsors your "
                     "visa, and how a one-year post affects the next application.")
    if p.years_out >= 5:
        parts.append(f"At {p.years_out} years since graduation, each extra year weighs more, "
                     "so keep that year clinical and US-based.")
    return AdviceSection("Backup plans", " ".join(parts), "backup_plans", 110)
