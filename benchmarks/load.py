"""Load test: N advisors browse students, open advice pages and edit students, for a bounded time.

    .venv/bin/python benchmarks/load.py --users 20 --seconds 60

Without --url it sets up a fresh instance folder with the demo data, creates the advisor
accounts through the CLI, and starts the production server (`python -m advisor serve`, gunicorn)
on 127.0.0.1 with its default settings (advisor/serving.py: one worker per CPU, at most 4, about
8 threads in all; 2 workers of 4 threads on a 2-core machine), or as ADVISOR_SERVER_WORKERS,
ADVISOR_SERVER_THREADS or GUNICORN_CMD_ARGS in the environment say; it prints them and stops
the server when done. With --url it uses a running server, which must be
on loopback, and accounts made beforehand (--email-pattern, --password).

Every edit uses the real form: the CSRF token and the version come from the edit page. An edit
the server accepts bumps the student's version by one, so lost edits are the accepted edits that
the final versions do not account for (a refused edit, 409, is not lost), plus students whose
final name is not the last one the server accepted. Prints requests per second, latency
percentiles, errors by status, "database is locked" count and lost edits; exits 1 when any
5xx, lock error or lost edit was seen. --summary-json prints that to stderr and, on stdout, one
JSON line of the goals (benchmarks/summary.py) for benchmarks/run.py; --quick runs 15 seconds.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from summary import goal, run_summarised

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load test passphrase"
LOCKED = "database is locked"
# The goals of issue 15, and the throughput it measured on main before (20 users).
TARGET_RPS = 100.0
TARGET_P95_MS = 500.0
RECORDED_RPS = 25.0


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's form(s) with method post."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    locked: int = 0
    accepted: Counter[int] = field(default_factory=Counter)      # student id -> accepted edits
    refused: int = 0
    last_name: dict[int, tuple[float, str]] = field(default_factory=dict)

    def record(self, seconds: float, status: int, body: bytes) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1
            if LOCKED.encode() in body:
                self.locked += 1


class Browser:
    """One signed-in person: a keep-alive connection with a cookie jar of one session."""

    def __init__(self, host: str, port: int, stats: Stats) -> None:
        self.host, self.port, self.stats = host, port, stats
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None
                ) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Referer": f"http://{self.host}:{self.port}{path}"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # the server may have closed an idle keep-alive connection
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException) as exc:
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    with self.stats.lock:
                        self.stats.errors[type(exc).__name__] += 1
                    return 0, "", ""
        self.stats.record(time.perf_counter() - started, response.status, data)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data.decode("utf-8", "replace"), response.getheader("Location", "")

    def sign_in(self, email: str) -> bool:
        _, page, _ = self.request("GET", "/login")
        form = dict(fields_of(page))
        form.update(email=email, password=PASSWORD)
        status, _, _ = self.request("POST", "/login", list(form.items()))
        return status == 302


def fields_of(page: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(page)
    return [(name, unescape(value)) for name, value in parser.fields]


def student_ids(page: str) -> list[int]:
    return sorted({int(i) for i in re.findall(r'href="/students/(\d+)"', page)})


def edit(browser: Browser, student_id: int, tag: str) -> None:
    status, page, _ = browser.request("GET", f"/students/{student_id}/edit")
    if status != 200:
        return
    form = [(k, v) for k, v in fields_of(page) if k != "name"]
    name = f"Load {tag}"
    form += [("name", name), ("save", "1")]
    status, _, location = browser.request("POST", f"/students/{student_id}/edit", form)
    stats = browser.stats
    with stats.lock:
        if status == 302 and not location.endswith(f"/students/{student_id}"):
            stats.errors[f"edit redirected to {location}"] += 1
        elif status == 302:
            stats.accepted[student_id] += 1
            stats.last_name[student_id] = (time.monotonic(), name)
        elif status == 409:
            stats.refused += 1


def user_loop(number: int, host: str, port: int, email: str, deadline: float, stats: Stats,
              students: list[int]) -> None:
    browser = Browser(host, port, stats)
    if not browser.sign_in(email):
        with stats.lock:
            stats.errors["sign-in failed"] += 1
        return
    rng = random.Random(number)  # noqa: S311 - picks pages, nothing secret
    count = 0
    while time.monotonic() < deadline:
        action = rng.random()
        if action < 0.35:
            browser.request("GET", f"/students/?page={rng.randint(1, 2)}")
        elif action < 0.70:
            browser.request("GET", f"/students/{rng.choice(students)}/advice")
        else:
            count += 1
            edit(browser, rng.choice(students), f"u{number}-e{count}")
    browser.conn.close()


def versions(browser: Browser, students: list[int]) -> dict[int, tuple[int, str]]:
    found = {}
    for student_id in students:
        _, page, _ = browser.request("GET", f"/students/{student_id}/edit")
        values = dict(fields_of(page))
        found[student_id] = (int(values.get("version", "-1")), values.get("name", ""))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def check_loopback(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        loopback = False
    if parts.scheme != "http" or not loopback:
        raise SystemExit(f"--url must be http:// on loopback (127.0.0.1), not {url}")
    return host, parts.port or 80


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_settings(env: dict[str, str] | None = None) -> str:
    """The workers and threads `python -m advisor serve` runs with in `env` (this process's
    environment by default), as "2 workers x 4 threads"."""
    from advisor.serving import server_size, usable_cpus

    env = dict(os.environ) if env is None else env
    size = server_size(env, usable_cpus())
    said = (f"{size.workers} worker{'s' if size.workers > 1 else ''} x {size.threads} "
            f"thread{'s' if size.threads > 1 else ''}")
    extra = env.get("GUNICORN_CMD_ARGS")
    return f"{said}, then GUNICORN_CMD_ARGS={extra!r}" if extra else said


def start_server(users: int, instance: Path, settings: dict[str, str] | None = None
                 ) -> tuple[subprocess.Popen[bytes], int]:
    """Set up `instance` with the demo data and `users` advisor accounts and start
    `python -m advisor serve` on it, with `settings` (e.g. ADVISOR_SERVER_WORKERS) added to the
    environment."""
    env = {**os.environ, **(settings or {}), "ADVISOR_INSTANCE_PATH": str(instance)}
    python = sys.executable
    subprocess.run([python, "-m", "advisor", "setup", "--demo"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    for number in range(users):
        subprocess.run([python, "-m", "flask", "--app", "advisor", "users", "create",
                        f"advisor{number}@load.test", "--role", "advisor",
                        "--password", PASSWORD], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([python, "-m", "advisor", "serve", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=open(instance / "server.log", "wb"))
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the server did not start; see " + str(instance / "server.log")) from None
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start within 30 seconds")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--students", type=int, default=10,
                        help="how many of the listed students are opened and edited")
    parser.add_argument("--url", help="a running server on loopback, e.g. http://127.0.0.1:5000")
    parser.add_argument("--email-pattern", default="advisor{n}@load.test")
    parser.add_argument("--quick", action="store_true", help="a 15-second run")
    parser.add_argument("--summary-json", action="store_true",
                        help="print the figures to stderr and one JSON line of goals to stdout")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds = 15.0
    if not 1 <= args.users <= 200 or not 0 < args.seconds <= 600:
        parser.error("--users must be 1..200 and --seconds 0..600")
    figures = run_summarised(lambda: run(args), summarise, args.summary_json)
    failed = figures["5xx"] or figures["locked"] or figures["lost"] or figures["errors"]
    return 1 if failed else 0


def run(args: argparse.Namespace) -> dict[str, Any]:
    server = None
    workdir = tempfile.TemporaryDirectory(prefix="advisor-load-")
    try:
        if args.url:
            host, port = check_loopback(args.url)
        else:
            print(f"server: python -m advisor serve, {server_settings()}")
            server, port = start_server(args.users, Path(workdir.name))
            host = "127.0.0.1"
        stats = Stats()
        first = Browser(host, port, stats)
        if not first.sign_in(args.email_pattern.format(n=0)):
            raise SystemExit("cannot sign in as " + args.email_pattern.format(n=0))
        _, page, _ = first.request("GET", "/students/")
        students = student_ids(page)[:args.students]
        if not students:
            raise SystemExit("no students to open; load the demo data first")
        before = versions(first, students)
        stats = Stats()  # count the run only
        deadline = time.monotonic() + args.seconds
        started = time.perf_counter()
        threads = [threading.Thread(target=user_loop, daemon=True, args=(
            n, host, port, args.email_pattern.format(n=n), deadline, stats, students))
            for n in range(args.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + 60)
        elapsed = time.perf_counter() - started
        after = versions(first, students)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        workdir.cleanup()

    lost = 0
    for student_id in students:
        bumped = after[student_id][0] - before[student_id][0]
        lost += max(0, stats.accepted[student_id] - bumped)
        last = stats.last_name.get(student_id)
        if last and after[student_id][1] != last[1] and bumped == stats.accepted[student_id]:
            lost += 1
    total = len(stats.latencies)
    server_errors = sum(n for status, n in stats.statuses.items() if status >= 500)
    print(f"users {args.users}  seconds {elapsed:.1f}  requests {total}  "
          f"rps {total / elapsed:.1f}")
    print(f"latency ms  p50 {percentile(stats.latencies, .50):.1f}  "
          f"p95 {percentile(stats.latencies, .95):.1f}  p99 {percentile(stats.latencies, .99):.1f}")
    print("status " + "  ".join(f"{s}:{n}" for s, n in sorted(stats.statuses.items())))
    print("errors " + ("  ".join(f"{k}:{n}" for k, n in stats.errors.items()) or "none"))
    print(f"5xx {server_errors}  database-locked {stats.locked}  "
          f"edits-accepted {sum(stats.accepted.values())}  edits-refused-409 {stats.refused}  "
          f"lost-edits {lost}")
    return {"users": args.users, "rps": total / elapsed,
            "p95": percentile(stats.latencies, .95), "5xx": server_errors,
            "locked": stats.locked, "lost": lost, "errors": sum(stats.errors.values())}


def summarise(figures: dict[str, Any]) -> list[dict[str, Any]]:
    users = figures["users"]
    failures = figures["5xx"] + figures["locked"] + figures["lost"] + figures["errors"]
    return [
        goal(f"Load, {users} users: throughput", figures["rps"], "req/s", RECORDED_RPS,
             "main before issue 15, recorded, not this run", f">= {TARGET_RPS:g} req/s",
             figures["rps"] >= TARGET_RPS),
        goal(f"Load, {users} users: p95 latency", figures["p95"], "ms", None, "none",
             f"< {TARGET_P95_MS:g} ms", figures["p95"] < TARGET_P95_MS),
        goal(f"Load, {users} users: 5xx, locked, lost edits, failed requests", failures,
             "count", None, "none", "0", failures == 0),
    ]


if __name__ == "__main__":
    sys.exit(main())
