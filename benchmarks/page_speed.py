"""The staff advice page, warm, beside the students list and a bare Flask page. Asserts nothing.

    .venv/bin/python benchmarks/page_speed.py                  # 3 rounds of 10 s a page
    .venv/bin/python benchmarks/page_speed.py --seconds 3 --rounds 1

Sets up a fresh instance folder with the demo data and starts the production server
(`python -m advisor serve`) on 127.0.0.1 with its default settings, as benchmarks/load.py does
(one worker per CPU, at most 4, about 8 threads in all: 2 workers of 4 threads on a 2-core
machine; ADVISOR_SERVER_WORKERS and ADVISOR_SERVER_THREADS in the environment change them), and
beside it a bare Flask hello world (benchmarks/bare_app.py) on the same workers and threads. It
prints the settings. --clients signed-in clients (8) open the advice pages of the students on the first
page of the students list once each (warm-up), then, in turn for --seconds each and for
--rounds rounds, one kind of page as fast as they can:

  students  the signed-in students list, /students/ (a one-query page)
  advice    the staff advice page of those students, in turn (warm: rendered before)
  bare      the bare Flask page, /

Prints requests per second (median of the rounds), latency percentiles (all rounds), the
mean response size, and the advice page's ratio to each of the other two. Every response must
be a 200, or the run stops. --summary-json prints that to stderr and one JSON line of goals to
stdout (for benchmarks/run.py); --quick runs one round of 3 seconds a page.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from load import Browser, Stats, percentile, server_settings, start_server, student_ids
from memory import start_bare_server, stop
from summary import goal, run_summarised

EMAIL = "advisor0@load.test"
PAGES = ("students", "advice", "bare")
# The goals of issue 15: at least half the students list's throughput, p95 under 150 ms.
TARGET_RATIO = 0.5
TARGET_P95_MS = 150.0


@dataclass
class PageFigures:
    rates: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    size: float = 0.0  # mean bytes a page

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)

    def p(self, share: float) -> float:
        return percentile(self.latencies, share)


def clients_for(port: int, count: int, email: str | None) -> list[Browser]:
    browsers = []
    for _ in range(count):
        browser = Browser("127.0.0.1", port, Stats())
        if email and not browser.sign_in(email):
            raise SystemExit(f"cannot sign in as {email}")
        browsers.append(browser)
    return browsers


def hammer(browsers: list[Browser], paths: list[str], seconds: float) -> tuple[Stats, float]:
    """Each browser opens the next of `paths` (in a cycle) until `seconds` pass. Returns the
    stats and the elapsed seconds."""
    stats = Stats()
    todo = itertools.cycle(paths)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(browser: Browser) -> None:
        browser.stats = stats
        while time.monotonic() < deadline:
            with lock:
                path = next(todo)
            browser.request("GET", path)

    threads = [threading.Thread(target=client, args=(b,), daemon=True) for b in browsers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - started
    bad = {status: n for status, n in stats.statuses.items() if status != 200}
    if bad or stats.errors:
        raise SystemExit(f"{paths[0]}: statuses {dict(stats.statuses)}, "
                         f"errors {dict(stats.errors)}")
    return stats, elapsed


def mean_size(browser: Browser, paths: list[str]) -> float:
    """The mean size of the pages, in bytes as sent (UTF-8)."""
    return statistics.mean(len(browser.request("GET", path)[1].encode()) for path in paths)


def measure(seconds: float, rounds: int, clients: int) -> dict[str, PageFigures]:
    figures = {page: PageFigures() for page in PAGES}
    with tempfile.TemporaryDirectory(prefix="advisor-pages-") as folder:
        from advisor.serving import server_size, usable_cpus

        print(f"server and bare Flask: {server_settings()}", flush=True)
        server, port = start_server(1, Path(folder))
        bare, bare_port = start_bare_server(*server_size(os.environ, usable_cpus()))
        try:
            signed_in = clients_for(port, clients, EMAIL)
            _, listing, _ = signed_in[0].request("GET", "/students/")
            advice = [f"/students/{i}/advice" for i in student_ids(listing)]
            if not advice:
                raise SystemExit("no students to open")
            anonymous = clients_for(bare_port, clients, None)
            # Warm-up: every client opens every advice page once. Each worker keeps its own
            # rendered pages and a client's connection stays with one worker, so each worker
            # renders every page once and then serves it warm.
            for browser in signed_in:
                for path in advice:
                    browser.request("GET", path)
            runs = {"students": (signed_in, ["/students/"]), "advice": (signed_in, advice),
                    "bare": (anonymous, ["/"])}
            for page, (browsers, paths) in runs.items():
                figures[page].size = mean_size(browsers[0], paths)
            for number in range(rounds):
                for page, (browsers, paths) in runs.items():
                    stats, elapsed = hammer(browsers, paths, seconds)
                    figures[page].rates.append(len(stats.latencies) / elapsed)
                    figures[page].latencies += stats.latencies
                    print(f"round {number + 1}  {page:<9} {len(stats.latencies) / elapsed:8.1f} "
                          f"req/s  p95 {percentile(stats.latencies, .95):7.1f} ms", flush=True)
        finally:
            stop(bare)
            stop(server)
    print(f"\n{'page':<9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'KB':>7}")
    for page, f in figures.items():
        print(f"{page:<9} {f.rate:8.1f} {f.p(.50):8.1f} {f.p(.95):8.1f} {f.p(.99):8.1f} "
              f"{f.size / 1024:7.1f}")
    advice_f = figures["advice"]
    print(f"advice / students list: {advice_f.rate / figures['students'].rate:.2f}x   "
          f"advice / bare Flask: {advice_f.rate / figures['bare'].rate:.3f}x   "
          f"({clients} clients, {rounds} rounds of {seconds:g} s)")
    return figures


def summarise(figures: dict[str, PageFigures]) -> list[dict[str, object]]:
    advice, students, bare = figures["advice"], figures["students"], figures["bare"]
    ratio = advice.rate / students.rate
    return [
        goal("Advice page throughput (warm, 8 clients)", advice.rate, "req/s", students.rate,
             "signed-in students list", f">= {TARGET_RATIO}x", ratio >= TARGET_RATIO),
        goal("Advice page p95 (warm, 8 clients)", advice.p(.95), "ms", students.p(.95),
             "signed-in students list p95", f"< {TARGET_P95_MS:g} ms",
             advice.p(.95) < TARGET_P95_MS),
        goal("Advice page beside a bare Flask page", advice.rate, "req/s", bare.rate,
             "bare Flask hello world", "printed only", None),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="one round of 3 s a page")
    parser.add_argument("--summary-json", action="store_true",
                        help="print the figures to stderr and one JSON line of goals to stdout")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds = 3.0, 1
    if not 0 < args.seconds <= 600 or not 1 <= args.rounds <= 20 or not 1 <= args.clients <= 64:
        parser.error("--seconds must be 0..600, --rounds 1..20 and --clients 1..64")
    run_summarised(lambda: measure(args.seconds, args.rounds, args.clients), summarise,
                   args.summary_json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
