"""The cohort view: this season's students, their tiers and list sizes, and shared programs."""

from __future__ import annotations

from advisor.enums import Role
from advisor.extensions import db
from advisor.services.cohort import build_cohort


def test_cohort_holds_this_season_s_students_with_their_plans(advisor_app, student_factory,
                                                             advisor_assess) -> None:  # type: ignore[no-untyped-def]
    ana = student_factory(name="Ana", step2ck={"score": 221, "attempts": 1})
    ben = student_factory(name="Ben", step2ck={"score": 238, "attempts": 1})
    ben.season_year = 2026
    alumna = student_factory(name="Alumna")
    alumna.season_year = 2024
    db.session.commit()

    cohort = build_cohort(2026)
    assert [s.name for s in cohort.students] == ["Ana", "Ben"]
    for row, student in zip(cohort.students, (ana, ben)):
        # The same list as the student's advice page.
        assert row.plan_size == len(advisor_assess(student).plan.entries) > 0
        assert sum(row.by_tier.values()) == row.plan_size
    assert [s.name for s in build_cohort(2024).students] == ["Alumna"]


def test_programs_on_several_lists_name_every_student(advisor_app, student_factory) -> None:  # type: ignore[no-untyped-def]
    for name in ("Ana", "Ben", "Chen"):
        student_factory(name=name)  # identical profiles: identical lists
    cohort = build_cohort(2026)
    assert cohort.crowded, "three identical lists must share programs"
    top = cohort.crowded[0]
    assert [name for _, name, _ in top.students] == ["Ana", "Ben", "Chen"]
    assert all(len(c.students) >= 2 for c in cohort.crowded)


def test_a_lone_student_shares_no_program(advisor_app, student_factory) -> None:  # type: ignore[no-untyped-def]
    student_factory(name="Ana")
    assert build_cohort(2026).crowded == []


def test_cohort_page_lists_students_and_shared_programs(sign_in, student_factory) -> None:  # type: ignore[no-untyped-def]
    student_factory(name="Ana")
    student_factory(name="Ben")
    html = sign_in(Role.VIEWER).get("/cohort/").get_data(as_text=True)
    assert "Cohort: the 2026 season" in html
    assert 'id="cohort-students"' in html and ">Ana</a>" in html and ">Ben</a>" in html
    assert 'id="crowded-programs"' in html
    cohort = build_cohort(2026)
    assert f">{cohort.crowded[0].program.name}</a>" in html


def test_cohort_page_for_an_empty_season(sign_in) -> None:  # type: ignore[no-untyped-def]
    html = sign_in(Role.VIEWER).get("/cohort/?season=2020").get_data(as_text=True)
    assert "No student is applying in 2020." in html


def test_each_cohort_row_counts_every_tier_and_adds_up_to_the_planned_list(
        sign_in, student_factory) -> None:  # type: ignore[no-untyped-def]
    import re

    student_factory(name="Ana")
    # A strong and a weak profile, so the lists hold different tiers, long shots included.
    student_factory(name="Ben", step2ck={"score": 250, "attempts": 1})
    student_factory(name="Chen", step2ck={"score": 205, "attempts": 2})
    broken = student_factory(name="Dee")
    broken.graduation_year = 1900  # stored before the rules changed: no longer valid
    db.session.commit()
    html = sign_in(Role.VIEWER).get("/cohort/").get_data(as_text=True)
    table = re.search(r'<table id="cohort-students">(.*?)</table>', html, re.S).group(1)
    headings = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headings == ["Student", "Applicant tier", "Planned list", "Safety", "Target", "Reach",
                        "Long shot", "Expected interviews"]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S)
    assert len(rows) == 4
    sizes = []
    for row in rows[:3]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                        row, re.S)]
        assert len(cells) == len(headings)
        planned = int(cells[2].split()[0])
        assert sum(int(c) for c in cells[3:7]) == planned
        sizes.append(planned)
    assert any(sizes)
    # A student who cannot be assessed still fills the row's width.
    assert 'colspan="7"' in rows[3] and "Cannot be assessed" in rows[3]
