"""A student's advice page, its CSV export, and read-only share links for the student."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from advisor.auth.sessions import role_required
from advisor.enums import ApplicationStatus, Role
from advisor.extensions import db
from advisor.hooks.types import ProgramInfo
from advisor.models import ShareLink, Student
from advisor.models.columns import utcnow
from advisor.profile_schema import ProfileError
from advisor.services import share_links
from advisor.services.advice_export import visa_policy, write_plan_csv
from advisor.services.audit import record_read
from advisor.web.advice_page import assess_student, build_page, money
from advisor.web.advice_cache import RenderedAdvice, cached_advice
from advisor.scoring.chances import chance_text
from advisor.web.advice_rows import ineligible_rows, program_rows
from advisor.services.working_list import list_version
from advisor.web.forms.advice_forms import ShareLinkForm
from advisor.web.worklist_message import ListMessage, place_message, take_message
from advisor.web.worklist_rows import CSRF_SLOT, hidden_fields_markup, undo_exclude_form
from advisor.web.worklist_view import SORT_CHOICES, VISA_CHOICES, ListOptions, ListQuery

bp = Blueprint("advice", __name__)
bp.add_app_template_global(program_rows)
bp.add_app_template_global(ineligible_rows)
bp.add_app_template_filter(money, "money")
bp.add_app_template_filter(chance_text, "chance_text")
bp.add_app_template_global(hidden_fields_markup, "worklist_hidden_fields")
bp.add_app_template_global(undo_exclude_form)


@bp.record_once
def _list_choices(state: BlueprintSetupState) -> None:
    """The working list's filter, sort and status choices, for every template."""
    state.app.jinja_env.globals.update(visa_choices=VISA_CHOICES, sort_choices=SORT_CHOICES,
                                       status_codes=ApplicationStatus.codes())


# A shared page must not leak its address (Referer), be cached, or be indexed.
SHARED_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


def _student_or_404(student_id: int) -> Student:
    student = db.session.get(Student, student_id)
    if student is None or student.deleted_at is not None:
        abort(404)
    return student


def _viewed_student(student_id: int, what: str) -> Student:
    """The student, once reading their `what` is recorded; 404 when deleted or unknown."""
    student = _student_or_404(student_id)
    record_read("student_viewed", "student", student.id, what)
    return student


@bp.get("/students/<int:student_id>/advice")
@role_required(Role.VIEWER)
def show(student_id: int):
    student = _viewed_student(student_id, "advice page")
    options = ListOptions(ListQuery.from_args(request.args), current_user.can(Role.ADVISOR))
    try:
        advice = cached_advice(student, options=options)
    except ProfileError as exc:
        return render_template("advice/problem.html", student=student, lines=exc.lines), 200
    version = list_version(student)
    message = take_message(student.id) if options.editable else None
    return _around_advice("advice/show.html", advice, student=student, advice=advice,
                          form=ShareLinkForm(), links=share_links.links_for(student),
                          link_status=share_links.status, list_version=version,
                          list_query=options.query, csrf=options.editable,
                          message=None if message is None
                          else (message, version, options.query.args()))


# Where the cached advice goes in the page rendered around it.
ADVICE_SLOT = "<!-- the cached advice -->"


def _around_advice(template: str, rendered: RenderedAdvice, csrf: bool = False,
                   message: tuple[ListMessage, int, dict[str, str]] | None = None,
                   **context: Any) -> Response:
    """The page with the cached advice in it, sent in three parts: the advice (300 to 500 KB)
    goes out as the UTF-8 the cache unpacks, never decoded, copied into one string with the
    rest of the page and encoded again. With `csrf`, the working list's forms in it get the
    viewer's CSRF token (the cached advice is shared by every session), and `message` (the
    answer to their last edit of the list, the list's version and filters) goes in its place."""
    page = render_template(template, advice_html=Markup(ADVICE_SLOT), **context)
    head, slot, tail = page.partition(ADVICE_SLOT)
    if not slot:
        raise LookupError(f"{template} does not show advice_html")
    advice = rendered.utf8
    if csrf:
        advice = advice.replace(CSRF_SLOT.encode(), generate_csrf().encode())
    if message is not None:
        advice = place_message(advice, *message)
    return Response([head.encode(), advice, tail.encode()], mimetype="text/html")


@bp.get("/students/<int:student_id>/advice/print")
@role_required(Role.VIEWER)
def printout(student_id: int):
    """The list to print: the verdict, the plan and its chart, the shortfalls and one line per
    program (no reasons), so 100 programs fit on a few Letter pages."""
    student = _viewed_student(student_id, "advice printout")
    try:
        page = build_page(student)
    except ProfileError as exc:
        return render_template("advice/problem.html", student=student, lines=exc.lines), 200
    return render_template("advice/print.html", page=page, student=student, shared=False,
                           back=url_for("advice.show", student_id=student.id),
                           **_print_helpers())


def _print_helpers() -> dict[str, Any]:
    """What the printout writes beside each program, in the words of the page and the CSV."""
    return {"visa_policy": visa_policy, "chance_text": chance_text,
            "names_institution": names_institution, "prepared": utcnow()}


def names_institution(program: ProgramInfo) -> bool:
    """Whether the program's name already says its institution ("Mercy Hospital Internal
    Medicine" at "Mercy Hospital (main campus)"): the printout then leaves it out."""
    institution = re.sub(r"\s*\([^)]*\)\s*$", "", program.institution or "").strip().lower()
    return bool(institution) and institution in program.name.lower()


@bp.get("/students/<int:student_id>/advice.csv")
@role_required(Role.VIEWER)
def export(student_id: int):
    student = _student_or_404(student_id)
    try:
        assessment, _ = assess_student(student)
    except ProfileError:
        flash("This student's profile needs correcting before the list can be exported.", "error")
        return redirect(url_for("advice.show", student_id=student.id))
    out = io.StringIO(newline="")
    write_plan_csv(assessment.plan, out)
    record_read("student_exported", "student", student.id, "advice CSV")
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="application-list-student-{student.id}.csv"',
        "Cache-Control": "no-store",
    })


@bp.post("/students/<int:student_id>/share")
@role_required(Role.ADVISOR)
def share(student_id: int):
    student = _student_or_404(student_id)
    form = ShareLinkForm()
    if not form.validate_on_submit():
        flash("Choose how long the link should work: "
              + ", ".join(f"{d}" for d in share_links.EXPIRY_DAYS) + " days.", "error")
        return redirect(url_for("advice.show", student_id=student.id, _anchor="share"))
    link, secret = share_links.create_link(student, current_user, form.days.data)
    db.session.commit()
    flash(f"Share link created; it works for {form.days.data} days. Copy it now: "
          "it is shown only this once.", "success")
    url = url_for("advice.shared", secret=secret, _external=True)
    response = Response(render_template("advice/share_created.html", student=student,
                                        link=link, url=url))
    response.headers.update(SHARED_HEADERS)
    return response


@bp.post("/students/<int:student_id>/share/<int:link_id>/revoke")
@role_required(Role.ADVISOR)
def revoke(student_id: int, link_id: int):
    student = _student_or_404(student_id)
    link = share_links.get_link(student, link_id)
    if link is None:
        abort(404)
    if share_links.revoke(link):
        db.session.commit()
        flash("Share link revoked: it no longer opens the advice page.", "success")
    else:
        flash("That share link was already revoked.", "info")
    return redirect(url_for("advice.show", student_id=student.id, _anchor="share"))


@bp.get("/shared/<secret>")
def shared(secret: str):
    """The student's read-only page, or with ?view=print its printout. Opening either is
    counted (per link, per minute: too many get 429) and recorded; the page's advice comes
    from a cache while nothing it shows changed."""
    if request.args.get("view") == "print":
        return _shared_page(secret, lambda link: Response(render_template(
            "advice/print.html", page=build_page(link.student, shared=True),
            student=link.student, shared=True, back=url_for("advice.shared", secret=secret),
            **_print_helpers())))
    return _shared_page(secret, lambda link: _around_advice(
        "advice/shared.html", cached_advice(link.student, shared=True), student=link.student,
        expires_at=link.expires_at))


def _shared_page(secret: str, render: Callable[[ShareLink], Response]) -> Response:
    """`render(link)` for the link behind `secret`, once it is opened and committed; or the
    page saying why not (too many opens, or no such live link)."""
    try:
        link = share_links.open_link(secret)
    except share_links.ShareLinkThrottled as throttled:
        db.session.rollback()
        response = Response(render_template(
            "errors/error.html", code=429,
            message="This page was opened too often in the last minute. Please try again in "
                    f"{throttled.retry_after} seconds."), status=429)
        response.headers["Retry-After"] = str(throttled.retry_after)
    else:
        if link is None:
            db.session.rollback()
            response = _shared_missing()
        else:
            db.session.commit()
            try:
                response = render(link)
            except ProfileError:
                response = _shared_missing()
    response.headers.update(SHARED_HEADERS)
    return response


def _shared_missing() -> Response:
    return Response(render_template("advice/shared_missing.html"), status=404)
