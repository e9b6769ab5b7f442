"""Every route x {anonymous, viewer, advisor, admin}, plus share-link and API-token access.

ROUTES names, for every endpoint, who may use it and whether it changes state. A route added
without an entry here fails the test, so each new route gets a decision.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from advisor.demo.loader import load_demo
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import Program, Student
from advisor.models.import_job import ImportJob
from advisor.services import api_tokens, share_links
from advisor.services.guides import collect_guides

from .test_headers import INLINE

PASSWORD = "correct horse battery"  # what the make_user fixture sets

# Who may: "public" anyone; "link" anyone holding a valid share link; a Role: signed-in staff
# of that role or a more powerful one; ("api", Role): a bearer token of that role or more;
# ("api", None): anyone, no token needed. Then how: "read" (GET, changes nothing), "form"
# (GET shows, POST changes) or "action" (changes state, so never on GET).
V, AD, AM = Role.VIEWER, Role.ADVISOR, Role.ADMIN
ROUTES: dict[str, tuple[Any, str]] = {
    "static": ("public", "read"),
    "main.index": ("public", "read"),
    "main.favicon": ("public", "read"),
    "auth.login": ("public", "form"),
    "auth.login_code": ("public", "form"),
    "auth.logout": (V, "action"),
    "auth.account": (V, "form"),
    "auth.enable_two_factor": (V, "action"),
    "auth.disable_two_factor": (V, "action"),
    "guides.index": (V, "read"),  # public only when the office says so
    "guides.page": (V, "read"),
    "students.index": (V, "read"),
    "students.show": (V, "read"),
    "students.create": (AD, "form"),
    "students.edit": (AD, "form"),
    "students.delete": (AD, "action"),
    "students.deleted": (AM, "read"),
    "students.restore": (AM, "action"),
    "checklists.show": (V, "read"),
    "checklists.save": (AD, "action"),
    "working_list.edit": (AD, "action"),
    "working_list.upload_statuses": (AD, "action"),
    "student_data.export": (AM, "read"),
    "student_data.erase": (AM, "form"),
    "advice.show": (V, "read"),
    "advice.export": (V, "read"),
    "advice.printout": (V, "read"),
    "advice.share": (AD, "action"),
    "advice.revoke": (AD, "action"),
    "advice.shared": ("link", "read"),
    "programs.index": (V, "read"),
    "programs.detail": (V, "read"),
    "programs.compare": (V, "read"),
    "programs.save_note": (AD, "action"),
    "programs.export": (V, "read"),
    "programs.upload": (AM, "form"),
    "programs.upload_status": (AM, "read"),
    "programs.upload_status_json": (AM, "read"),
    "admin.index": (AM, "read"),
    "admin.users_list": (AM, "read"),
    "admin.user_new": (AM, "form"),
    "admin.user_detail": (AM, "read"),
    "admin.user_role": (AM, "action"),
    "admin.user_password": (AM, "action"),
    "admin.user_disable": (AM, "action"),
    "admin.user_enable": (AM, "action"),
    "admin.user_sessions": (AM, "action"),
    "admin.user_two_factor": (AM, "action"),
    "admin.tokens": (AM, "read"),
    "admin.token_create": (AM, "action"),
    "admin.token_revoke": (AM, "action"),
    "admin.plugins": (AM, "read"),
    "admin.settings": (AM, "form"),
    "season_settings.edit": (AM, "form"),
    "admin.retention_page": (AM, "form"),
    "audit.index": (AM, "read"),
    "calibration.index": (AM, "read"),
    "seasons.index": (AM, "read"),
    "seasons.close": (AM, "action"),
    "cohort.index": (V, "read"),
    "outcomes.index": (V, "read"),
    "outcomes.new": (AD, "form"),
    "outcomes.edit": (AD, "form"),
    "outcomes.delete": (AD, "action"),
    "outcome_import.upload": (AD, "form"),
    "outcome_import.status": (AD, "read"),
    "outcome_import.status_json": (AD, "read"),
    "outcome_import.export": (AD, "read"),
    "api-docs.openapi_json": (("api", None), "read"),
    "api_reference.reference": (("api", None), "read"),
    "api_plugins.list_plugins": (("api", V), "read"),
    "api_programs.list_programs": (("api", V), "read"),
    "api_programs.get_program": (("api", V), "read"),
    "api_programs.import_programs": (("api", AM), "action"),
    "api_students.list_students": (("api", V), "read"),
    "api_students.get_student": (("api", V), "read"),
    "api_students.student_assessment": (("api", V), "read"),
    "api_students.create_student": (("api", AD), "action"),
    "api_students.update_student": (("api", AD), "action"),
    "api_students.delete_student": (("api", AD), "action"),
    "api_working_list.get_working_list": (("api", V), "read"),
    "api_working_list.change_working_list": (("api", AD), "action"),
    "api_assessment.assess": (("api", AD), "action"),
}
STAFF = (V, AD, AM)


def at_least(role: Role, needed: Role) -> bool:
    return list(Role).index(role) <= list(Role).index(needed)
CHANGING = {"POST", "PUT", "DELETE", "PATCH"}


def test_every_route_has_an_entry_and_state_changes_never_happen_on_get(app: Flask):
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    missing = sorted(set(rules) - set(ROUTES))
    assert not missing, f"routes with no entry in the access matrix: {missing}"
    stale = sorted(set(ROUTES) - set(rules))
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"
    for endpoint, (_, how) in ROUTES.items():
        methods = set(rules[endpoint].methods) - {"HEAD", "OPTIONS"}
        if how == "action":
            assert methods <= CHANGING, f"{endpoint} changes state but answers {methods}"
        elif how == "read":
            assert methods == {"GET"}, f"{endpoint} only reads but answers {methods}"


@pytest.fixture
def world(app: Flask, make_user):  # type: ignore[no-untyped-def]
    """Seeded objects for every URL argument, clients per role and tokens per role."""
    load_demo(200)
    users = {role: make_user(role, f"{role.value}@office.test") for role in STAFF}
    target = make_user(Role.VIEWER, "target@office.test")
    student = db.session.scalars(select(Student).order_by(Student.id)).first()
    link, secret = share_links.create_link(student, users[AD])
    token = api_tokens.create_token(target, "target token")
    job = ImportJob(filename="c.csv", data=b"", created_by_id=users[AM].id)
    db.session.add(job)
    tokens = {role: api_tokens.create_token(users[role], "matrix").secret for role in STAFF}
    db.session.commit()
    args = {
        "student_id": student.id, "link_id": link.id, "user_id": target.id,
        "token_id": token.token.id,
        "job_id": job.id, "secret": secret, "filename": "css/app.css",
        "acgme_id": db.session.scalars(select(Program.acgme_id)).first(),
        "slug": collect_guides().guides[0].slug,
        "season": 2025,
    }
    clients = {"anonymous": app.test_client()}
    for role in STAFF:
        clients[role] = app.test_client()
        assert clients[role].post("/login", data={"email": users[role].email,
                                                  "password": PASSWORD}).status_code == 302
    return {"args": args, "clients": clients, "tokens": tokens, "users": users}


def _url(app: Flask, rule, args: dict[str, Any]) -> str:  # type: ignore[no-untyped-def]
    unknown = set(rule.arguments) - set(args)
    assert not unknown, f"{rule.endpoint}: give the matrix a seeded value for {unknown}"
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **{name: args[name] for name in rule.arguments})


def _denied_to_anonymous(response) -> bool:  # type: ignore[no-untyped-def]
    """Sent to sign in, to come back afterwards (a plain redirect to /login, as after signing
    out, is not a refusal)."""
    return response.status_code == 302 and "/login?next=" in response.headers["Location"]


def _allowed(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code not in (401, 403) and not _denied_to_anonymous(response)


def test_the_access_matrix(app: Flask, world):  # type: ignore[no-untyped-def]
    # A route missing from ROUTES is reported by the test above.
    rules = sorted((r for r in app.url_map.iter_rules() if r.endpoint in ROUTES),
                   # reads first; sign-out last, since it ends the session it runs in
                   key=lambda r: (ROUTES[r.endpoint][1] != "read", r.endpoint == "auth.logout"))
    problems: list[str] = []
    for rule in rules:
        who, _ = ROUTES[rule.endpoint]
        url = _url(app, rule, world["args"])
        for method in sorted(set(rule.methods) - {"HEAD", "OPTIONS"}):
            if isinstance(who, tuple):
                problems += _check_api(world, rule.endpoint, method, url, who[1])
            else:
                problems += _check_web(world, rule.endpoint, method, url, who)
    assert not problems, "\n".join(problems)


# Where a careless view might take a redirect target from: the usual parameter names, a form
# field and the Referer. No response may send the browser off the site because of them.
EVIL = "https://evil.example/"
HOSTILE_TARGETS = {name: EVIL for name in ("next", "url", "return_to", "redirect", "target")}


def _off_site(response) -> bool:  # type: ignore[no-untyped-def]
    location = response.headers.get("Location")
    if location is None:
        return False
    parts = urlsplit(location)
    return parts.netloc not in ("", "localhost") or location.startswith(("//", "/\\"))


def _check_web(world, endpoint: str, method: str, url: str, who) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for identity, client in world["clients"].items():
        response = client.open(url, method=method, query_string=HOSTILE_TARGETS,
                               data=HOSTILE_TARGETS if method != "GET" else None,
                               headers={"Referer": EVIL})
        if _off_site(response):
            problems.append(f"{method} {url} ({endpoint}) as {identity} redirects off the site: "
                            f"{response.headers['Location']}")
        if response.mimetype == "text/html" and INLINE.search(response.get_data(as_text=True)):
            problems.append(f"{method} {url} ({endpoint}) as {identity}: inline script or style")
        if who in ("public", "link"):
            expected = True
        else:
            expected = identity != "anonymous" and at_least(identity, who)
        allowed = _allowed(response)
        if expected and not allowed:
            problems.append(f"{method} {url} ({endpoint}) refused {identity}: {response.status_code}")
        if not expected:
            refused_right = _denied_to_anonymous(response) if identity == "anonymous" \
                else response.status_code == 403
            if not refused_right:
                problems.append(f"{method} {url} ({endpoint}) not refused to {identity}: "
                                f"{response.status_code}")
    if who == "link":  # the link is what opens it; a bad one opens nothing
        if world["clients"]["anonymous"].get(url).status_code != 200:
            problems.append(f"{url}: a valid share link did not open the page")
        if world["clients"][AM].get(url[:-4] + "xxxx").status_code != 404:
            problems.append(f"{url}: a wrong share link opened something")
    return problems


def _check_api(world, endpoint: str, method: str, url: str, role) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    # Cookies are ignored: a signed-in admin's browser without a token is a stranger.
    for identity in ("anonymous", AM):
        status = world["clients"][identity].open(url, method=method).status_code
        if role is not None and status != 401:
            problems.append(f"{method} {url} ({endpoint}) without a token as {identity}: {status}")
    for token_role, secret in world["tokens"].items():
        client = world["clients"]["anonymous"]
        status = client.open(url, method=method, json={} if method in CHANGING else None,
                             headers={"Authorization": f"Bearer {secret}"}).status_code
        expected = role is None or at_least(token_role, role)
        if expected and status in (401, 403):
            problems.append(f"{method} {url} ({endpoint}) refused a {token_role.value} token: {status}")
        if not expected and status != 403:
            problems.append(f"{method} {url} ({endpoint}) not refused to a {token_role.value} "
                            f"token: {status}")
    return problems
