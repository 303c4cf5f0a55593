"""`make loadtest`: 50 officers recording progress while 5 directors read dashboards, for 60 s, against
gunicorn with production settings on a throwaway PostgreSQL database, on loopback only.

Steps: create the database (on 127.0.0.1:5432 as postgres unless --server says otherwise), migrate,
load the Herefordshire plan (setup_demo), make the drill's accounts (tools/loadtest/accounts.py), start
gunicorn, run Locust headless (tools/loadtest/locustfile.py; bounded by --seconds and --max-requests),
stop gunicorn, then check from the database that every accepted note exists exactly once with its
history row (tools/loadtest/check.py). Prints throughput, p50/p95/p99 per request type and status
counts; exits 1 on any 5xx or request without an answer, or any note lost, duplicated or saved unasked.
The database is dropped afterwards (--keep to look at it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.loadtest import server
from tools.loadtest.report import failures, print_report
from tools.loadtest.signin import sessions_open


def locust_run(env: dict[str, str], host: str, *, users: int, seconds: int, log: Path) -> int:
    args = [
        str(server.BIN / "locust"), "-f", str(server.ROOT / "tools/loadtest/locustfile.py"), "--headless",
        "--users", str(users), "--spawn-rate", "10", "--run-time", f"{seconds}s", "--host", host,
        "--only-summary", "--stop-timeout", "10", "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]
    with log.open("ab") as out:
        return subprocess.run(args, cwd=server.ROOT, env=env, stdout=out, stderr=subprocess.STDOUT).returncode


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--directors", type=int, default=5)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--think", default="5,15", help="seconds between a user's tasks (reading, typing): low,high")
    parser.add_argument("--keep", action="store_true", help="keep the database and the run's folder")
    return parser.parse_args(argv)


def prepare(env: dict[str, str], work: Path, args: argparse.Namespace) -> None:
    """Migrate, load the Herefordshire plan and its demo accounts, make the drill's accounts."""
    server.manage(env, "migrate", "--no-input", "-v0")
    server.manage(env, "setup_demo")
    subprocess.run(
        [sys.executable, "-m", "tools.loadtest.accounts", str(work / "accounts.json"), "--officers",
         str(args.officers), "--directors", str(args.directors)], cwd=server.ROOT, env=env, check=True,
    )


def drive(env: dict[str, str], work: Path, prefix: str, args: argparse.Namespace) -> float:
    """Start gunicorn, sign everyone in, run Locust; the CPU-seconds the workers used during the run."""
    drill_env = {
        **env, "LOADTEST_ACCOUNTS": str(work / "accounts.json"), "LOADTEST_OUT": str(work),
        "LOADTEST_PREFIX": prefix, "LOADTEST_THINK": args.think, "LOADTEST_MAX_REQUESTS": str(args.max_requests),
        "LOADTEST_OFFICERS": str(args.officers), "LOADTEST_DIRECTORS": str(args.directors),
    }
    with server.Gunicorn(env, server.free_port(), work / "gunicorn.log") as gunicorn:
        print(f"gunicorn on {gunicorn.url}: {gunicorn.sizing}")
        accounts = json.loads((work / "accounts.json").read_text(encoding="utf-8"))
        times = sorted(sessions_open(gunicorn.url, accounts))
        (work / "accounts.json").write_text(json.dumps(accounts), encoding="utf-8")
        print(f"Signed in {len(times)} accounts before the run, two at a time: median "
              f"{times[len(times) // 2] * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms")
        print(f"Locust: {args.officers} officers and {args.directors} directors for {args.seconds} s "
              f"(at most {args.max_requests} requests), pausing {args.think.replace(',', '–')} s between tasks")
        cpu_before = gunicorn.cpu_seconds()
        locust_run(drill_env, gunicorn.url, users=args.officers + args.directors, seconds=args.seconds,
                   log=work / "locust.log")
        return gunicorn.cpu_seconds() - cpu_before


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    work = Path(tempfile.mkdtemp(prefix="jartracker-loadtest-"))
    name = f"jartracker_loadtest_{os.getpid()}"
    prefix = f"Load test {os.getpid()}"
    print(f"Machine: {server.machine()}")
    print(f"Database {name} on {args.server}; logs in {work}")
    url = server.database_create(args.server, name)
    try:
        env = server.production_env(url, work / "media")
        prepare(env, work, args)
        cpu = drive(env, work, prefix, args)
        results = json.loads((work / "statuses.json").read_text(encoding="utf-8"))
        check = subprocess.run(
            [sys.executable, "-m", "tools.loadtest.check", str(work / "accepted.jsonl"), prefix],
            cwd=server.ROOT, env=env, capture_output=True, text=True,
        )
        if not check.stdout.strip():
            print(check.stderr, file=sys.stderr)
            return 1
        notes = json.loads(check.stdout)
        print_report(results, notes)
        served = sum(t["requests"] for t in results.get("timings", []) if t["name"] == "Aggregated")
        if served:
            print(f"Server CPU: the gunicorn workers used {cpu:.1f} CPU-seconds for {served} requests "
                  f"({cpu * 1000 / served:.0f} ms a request, whatever the machine's other load)")
        problems = failures(results, notes)
        print("Result: " + ("PASS" if not problems else "FAIL: " + "; ".join(problems)))
        return 1 if problems else 0
    finally:
        print(f"Machine at the end: {server.machine()}")
        if not args.keep:
            server.database_drop(args.server, name)


if __name__ == "__main__":
    sys.exit(main())
