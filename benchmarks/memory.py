"""Worker memory while it serves advice pages, beside a bare Flask app's worker. Asserts nothing.

    .venv/bin/python benchmarks/memory.py --pages 1000

Sets up a fresh instance folder with the demo data and starts the production server
(`python -m advisor serve`) on 127.0.0.1, as benchmarks/load.py does, but with one worker of 8
threads, explicitly (ADVISOR_SERVER_WORKERS=1, ADVISOR_SERVER_THREADS=8): the goal is per
worker, and the default server's several workers would each serve only a share of the pages.
One worker serving every page, with as many threads as the whole default server has, is the
most any of its workers can hold. Prints the worker's resident memory (RSS) when it is ready (one sign-in page served),
after a warm-up (the advice page of every student on the students list's first page, twice),
then after every tenth of --pages advice pages, opened over the same students in turn by
--clients signed-in clients at once; then the growth after warm-up and the worker's CPU time
per page. Last, the same gunicorn settings serve a bare Flask hello world
(benchmarks/bare_app.py) --pages times, and its worker's RSS is printed beside.

Growth after warm-up is printed twice: from the warm-up to the end, and over the second half of
the pages (the allocator settles during the first few hundred pages; a leak keeps growing).
--summary-json prints the figures to stderr and one JSON line of goals to stdout (for
benchmarks/run.py); --quick opens 200 pages.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from load import Browser, Stats, free_port, start_server, student_ids
from summary import goal, run_summarised

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")
# The goals of issue 15: under 150 MiB after 1,000 advice pages, no growth after warm-up (read
# as: the second half of the pages adds less than 2% to the worker).
TARGET_MIB = 150.0
SETTLED_GROWTH = 0.02


# The server measured: one worker, so every page goes through the worker whose memory is read.
ONE_WORKER = {"ADVISOR_SERVER_WORKERS": "1", "ADVISOR_SERVER_THREADS": "8"}


def worker_of(server: subprocess.Popen[bytes]) -> int:
    """The pid of the gunicorn master's one worker."""
    for _ in range(300):
        for task in Path(f"/proc/{server.pid}/task").iterdir():
            children = (task / "children").read_text().split()
            if children:
                return int(children[0])
        time.sleep(0.1)
    raise SystemExit("the server started no worker within 30 seconds")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    # utime and stime, fields 14 and 15 of /proc/PID/stat (after the command in parentheses)
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def open_pages(port: int, paths: list[str], clients: int, email: str | None = None) -> Stats:
    """Open `paths` in order, each by the next free client; each client signs in first."""
    stats = Stats()
    todo = iter(paths)
    lock = threading.Lock()
    browsers = []
    # One at a time: simultaneous sign-ins to one account from one address are throttled.
    for _ in range(clients):
        browser = Browser("127.0.0.1", port, Stats())
        if email and not browser.sign_in(email):
            stats.errors["sign-in failed"] += 1
            return stats
        browser.stats = stats  # count the pages only
        browsers.append(browser)

    def client(browser: Browser) -> None:
        while True:
            with lock:
                path = next(todo, None)
            if path is None:
                break
            browser.request("GET", path)
        browser.conn.close()

    threads = [threading.Thread(target=client, args=(b,), daemon=True) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats


def check(stats: Stats, what: str) -> None:
    bad = {status: n for status, n in stats.statuses.items() if status != 200}
    if bad or stats.errors:
        raise SystemExit(f"{what}: statuses {dict(stats.statuses)}, errors {dict(stats.errors)}")


def advisor_run(pages: int, clients: int, folder: Path) -> dict[str, float]:
    server, port = start_server(1, folder, ONE_WORKER)
    email = "advisor0@load.test"
    try:
        worker = worker_of(server)
        check(open_pages(port, ["/login"], 1), "sign-in page")
        ready = rss_mib(worker)
        print(f"advisor worker ready            {ready:7.1f} MiB")

        first = Browser("127.0.0.1", port, Stats())
        if not first.sign_in(email):
            raise SystemExit(f"cannot sign in as {email}")
        _, page, _ = first.request("GET", "/students/")
        advice = [f"/students/{i}/advice" for i in student_ids(page)]
        if not advice:
            raise SystemExit("no students to open")
        first.conn.close()
        check(open_pages(port, advice * 2, clients, email), "warm-up")
        warm = rss_mib(worker)
        print(f"after warm-up ({2 * len(advice)} pages)       {warm:7.1f} MiB")

        cycle = itertools.cycle(advice)
        step = max(1, pages // 10)
        done, peak, cpu, elapsed, half = 0, warm, cpu_seconds(worker), 0.0, warm
        while done < pages:
            batch = min(step, pages - done)
            started = time.perf_counter()
            check(open_pages(port, [next(cycle) for _ in range(batch)], clients, email), "pages")
            elapsed += time.perf_counter() - started
            done += batch
            now = rss_mib(worker)
            peak = max(peak, now)
            if done <= pages // 2:
                half = now
            print(f"after {done:>5} advice pages       {now:7.1f} MiB")
        cpu = cpu_seconds(worker) - cpu
    finally:
        stop(server)
    return {"ready": ready, "warm": warm, "half": half, "end": now, "peak": peak,
            "cpu_ms": cpu * 1000 / pages, "rate": pages / elapsed}


def start_bare_server(workers: int = 1, threads: int = 8
                      ) -> tuple[subprocess.Popen[bytes], int]:
    """A bare Flask hello world on gunicorn with these workers and threads, answering."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(workers), "--threads", str(threads),
                               "--no-control-socket",
                               "--pythonpath", str(HERE), "bare_app:create_app()"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        if open_pages(port, ["/"], 1).statuses[200]:
            return server, port
        if server.poll() is not None:
            break
        time.sleep(0.1)
    stop(server)
    raise SystemExit("the bare Flask server did not start")


def bare_run(pages: int, clients: int) -> dict[str, float]:
    server, port = start_bare_server()
    try:
        worker = worker_of(server)
        ready = rss_mib(worker)
        check(open_pages(port, ["/"] * pages, clients), "bare pages")
        end = rss_mib(worker)
    finally:
        stop(server)
    return {"ready": ready, "end": end}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="advice pages after warm-up")
    parser.add_argument("--clients", type=int, default=8, help="clients opening them at once")
    parser.add_argument("--quick", action="store_true", help="200 pages")
    parser.add_argument("--summary-json", action="store_true",
                        help="print the figures to stderr and one JSON line of goals to stdout")
    args = parser.parse_args(argv)
    if args.quick:
        args.pages = 200
    if not 1 <= args.pages <= 100_000 or not 1 <= args.clients <= 64:
        parser.error("--pages must be 1..100000 and --clients 1..64")
    run_summarised(lambda: measure(args.pages, args.clients), summarise, args.summary_json)
    return 0


def measure(pages: int, clients: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="advisor-memory-") as folder:
        advisor = advisor_run(pages, clients, Path(folder))
    bare = bare_run(pages, clients)
    growth = advisor["end"] - advisor["warm"]
    settled = advisor["end"] - advisor["half"]
    print(f"bare Flask worker ready         {bare['ready']:7.1f} MiB")
    print(f"bare Flask after {pages:>5} pages     {bare['end']:7.1f} MiB")
    print(f"advisor/bare after the pages    {advisor['end'] / bare['end']:7.2f}x")
    print(f"growth after warm-up            {growth:+7.1f} MiB "
          f"({100 * growth / advisor['warm']:+.1f}%), peak {advisor['peak']:.1f} MiB")
    print(f"growth over the second half     {settled:+7.1f} MiB "
          f"({100 * settled / advisor['warm']:+.1f}%)")
    print(f"advice pages per second         {advisor['rate']:7.1f}  "
          f"(worker CPU {advisor['cpu_ms']:.1f} ms a page)")
    return {**advisor, "pages": pages, "bare": bare["end"], "settled": settled}


def summarise(figures: dict[str, float]) -> list[dict[str, object]]:
    pages = int(figures["pages"])
    settled_share = figures["settled"] / figures["warm"]
    return [
        goal(f"Worker memory after {pages:,} advice pages", figures["end"], "MiB",
             figures["bare"], "bare Flask worker, same gunicorn settings",
             f"< {TARGET_MIB:g} MiB", figures["end"] < TARGET_MIB),
        goal("Worker growth over the second half of the pages", figures["settled"], "MiB",
             figures["warm"], "the worker after warm-up",
             f"< {SETTLED_GROWTH:.0%} of it", settled_share < SETTLED_GROWTH,
             ratio=settled_share),
    ]


if __name__ == "__main__":
    sys.exit(main())
