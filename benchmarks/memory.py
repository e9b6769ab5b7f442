"""Worker memory while it serves advice pages, beside a bare Flask app's worker. Asserts nothing.

    .venv/bin/python benchmarks/memory.py --pages 1000

Sets up a fresh instance folder with the demo data and starts the production server
(`python -m advisor serve`: gunicorn, 1 worker, 8 threads) on 127.0.0.1, as benchmarks/load.py
does. Prints the worker's resident memory (RSS) when it is ready (one sign-in page served),
after a warm-up (the advice page of every student on the students list's first page, twice),
then after every tenth of --pages advice pages, opened over the same students in turn by
--clients signed-in clients at once; then the growth after warm-up and the worker's CPU time
per page. Last, the same gunicorn settings serve a bare Flask hello world
(benchmarks/bare_app.py) --pages times, and its worker's RSS is printed beside.
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

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")


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

    def client() -> None:
        browser = Browser("127.0.0.1", port, Stats())
        if email and not browser.sign_in(email):
            with stats.lock:
                stats.errors["sign-in failed"] += 1
            return
        browser.stats = stats  # count the pages only
        while True:
            with lock:
                path = next(todo, None)
            if path is None:
                break
            browser.request("GET", path)
        browser.conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
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
    server, port = start_server(1, folder)
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
        done, peak, cpu, elapsed = 0, warm, cpu_seconds(worker), 0.0
        while done < pages:
            batch = min(step, pages - done)
            started = time.perf_counter()
            check(open_pages(port, [next(cycle) for _ in range(batch)], clients, email), "pages")
            elapsed += time.perf_counter() - started
            done += batch
            now = rss_mib(worker)
            peak = max(peak, now)
            print(f"after {done:>5} advice pages       {now:7.1f} MiB")
        cpu = cpu_seconds(worker) - cpu
    finally:
        stop(server)
    return {"ready": ready, "warm": warm, "end": now, "peak": peak,
            "cpu_ms": cpu * 1000 / pages, "rate": pages / elapsed}


def bare_run(pages: int, clients: int) -> dict[str, float]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1", "--threads", "8", "--no-control-socket",
                               "--pythonpath", str(HERE), "bare_app:create_app()"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        worker = worker_of(server)
        for _ in range(300):
            stats = open_pages(port, ["/"], 1)
            if stats.statuses[200]:
                break
            time.sleep(0.1)
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
    args = parser.parse_args(argv)
    if not 1 <= args.pages <= 100_000 or not 1 <= args.clients <= 64:
        parser.error("--pages must be 1..100000 and --clients 1..64")

    with tempfile.TemporaryDirectory(prefix="advisor-memory-") as folder:
        advisor = advisor_run(args.pages, args.clients, Path(folder))
    bare = bare_run(args.pages, args.clients)
    growth = advisor["end"] - advisor["warm"]
    print(f"bare Flask worker ready         {bare['ready']:7.1f} MiB")
    print(f"bare Flask after {args.pages:>5} pages     {bare['end']:7.1f} MiB")
    print(f"advisor/bare after the pages    {advisor['end'] / bare['end']:7.2f}x")
    print(f"growth after warm-up            {growth:+7.1f} MiB "
          f"({100 * growth / advisor['warm']:+.1f}%), peak {advisor['peak']:.1f} MiB")
    print(f"advice pages per second         {advisor['rate']:7.1f}  "
          f"(worker CPU {advisor['cpu_ms']:.1f} ms a page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
