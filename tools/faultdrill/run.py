"""`make faultdrill`: faults under load, and what users saw.

On a throwaway PostgreSQL cluster of its own (tools/faultdrill/cluster.py, port 55432), the app runs under
gunicorn with production settings beside the background worker (`manage.py db_worker`), while Locust's
officers record progress and directors read dashboards (tools/loadtest/locustfile.py). Then, in turn:

1. a gunicorn worker is killed (SIGKILL; the busiest one, so mid-request);
2. PostgreSQL is stopped (fast: connections cut), kept down 3 s and started again;
3. the background worker is killed while a clerk's Issue is laying out the PDF; a new worker is started
   and the clerk clicks Issue again (tools/faultdrill/issue.py).

Reported: status counts and every error page users saw, by fault, and whether each was the service's own
styled page; that every note users were told was saved is stored once with its history (tools/loadtest/
check.py); that the paper issued on a later click, once. Exits 1 on a bare error page, a lost or duplicated
note, or a stuck paper.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tools.faultdrill import issue
from tools.faultdrill.cluster import Cluster
from tools.faultdrill.report import print_drill_report
from tools.loadtest import server
from tools.loadtest.signin import sessions_open

PREFIX = "Fault drill"


class Process:
    """A command in its own process group, output to `log`; killed with its group."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.args, self.env, self.log = args, env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> Process:
        self.process = subprocess.Popen(self.args, cwd=server.ROOT, env=self.env, stdout=self.log.open("ab"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def kill(self, sig: int = signal.SIGTERM, wait: float = 30) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def db_worker(env: dict[str, str], log: Path) -> Process:
    return Process([sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval",
                    "0.5"], env, log).start()


def busiest_worker(gunicorn: server.Gunicorn) -> int:
    """The gunicorn worker that used the most CPU over a fifth of a second: the one most likely mid-request."""
    before = {pid: server.process_cpu_seconds(pid) for pid in gunicorn.workers()}
    time.sleep(0.2)
    return max(before, key=lambda pid: server.process_cpu_seconds(pid) - before[pid])


def prepare(env: dict[str, str], work: Path, args) -> int:
    """Migrate, load the demo plan, make the accounts; the id of the paper the clerk will issue."""
    server.manage(env, "migrate", "--no-input", "-v0")
    server.manage(env, "setup_demo")
    subprocess.run([sys.executable, "-m", "tools.loadtest.accounts", str(work / "accounts.json"), "--officers",
                    str(args.officers), "--directors", str(args.directors), "--clerks", "1"],
                   cwd=server.ROOT, env=env, check=True)
    found = subprocess.run([sys.executable, "-m", "tools.faultdrill.paper"], cwd=server.ROOT, env=env, check=True,
                           capture_output=True, text=True)
    return int(found.stdout.split()[-1])


def faults(cluster: Cluster, gunicorn: server.Gunicorn, worker: Process, env, work: Path, paper: int, args):
    """Run the three faults under load; returns [(time, label)], the issue drill, and the last worker."""
    accounts = json.loads((work / "accounts.json").read_text(encoding="utf-8"))
    timeline = [(time.time(), "steady load, no fault")]
    drill = issue.IssueDrill()
    time.sleep(args.pause)
    pid = busiest_worker(gunicorn)
    timeline.append((time.time(), "1. a gunicorn worker killed mid-request"))
    os.kill(pid, signal.SIGKILL)
    print(f"1. Killed gunicorn worker {pid} (SIGKILL)", flush=True)
    time.sleep(args.pause)
    timeline.append((time.time(), "2. PostgreSQL stopped, down 3 s, started"))
    down = cluster.restart(down_seconds=3)
    print(f"2. PostgreSQL stopped and started again: unreachable for {down:.1f} s", flush=True)
    time.sleep(args.pause)
    if worker.process is not None and worker.process.poll() is not None:
        # A supervisor (systemd's Restart=) would start it again; the drill does, and says so.
        drill.problems.append(f"the background worker exited (code {worker.process.returncode}) when PostgreSQL "
                              "restarted")
        print("   The background worker had exited after the restart: started a new one", flush=True)
        worker = db_worker(env, work / "db_worker.log")
    else:
        print("   The background worker was still running after the restart", flush=True)
    timeline.append((time.time(), "3. PDF worker killed mid-issue; new worker; Issue again"))
    print("3. The background worker killed while a paper is being issued:", flush=True)
    clerk = issue.Clerk(gunicorn.url, accounts["clerks"][0]["cookies"], drill)
    killed = issue.kill_mid_issue(clerk, paper, worker, env["DATABASE_URL"])
    killed_at = time.monotonic()
    worker = db_worker(env, work / "db_worker.log")
    drill.say("A new background worker started")
    if killed is None:
        drill.problems.append("the worker could not be killed mid-issue (the render had already ended)")
    elif not issue.recover(clerk, paper, killed, lease=args.lease, killed_at=killed_at):
        drill.problems.append(f"stuck: the paper was not issued within the lease ({args.lease} s) and a minute")
    issue.issued_check(env["DATABASE_URL"], clerk, paper, args.started)
    timeline.append((time.time(), "after the faults"))
    time.sleep(args.pause / 2)
    return timeline, drill, worker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=55432, help="the throwaway cluster's port")
    parser.add_argument("--officers", type=int, default=10)
    parser.add_argument("--directors", type=int, default=2)
    parser.add_argument("--think", default="0.5,2", help="seconds between a user's tasks: low,high")
    parser.add_argument("--pause", type=float, default=12, help="seconds of load before and between the faults")
    parser.add_argument("--lease", type=int, default=15, help="JARTRACKER_TASK_LEASE_SECONDS for the drill")
    args = parser.parse_args(argv)
    args.started = datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix="jartracker-faultdrill-"))
    print(f"Machine: {server.machine()}\nLogs in {work}", flush=True)
    with Cluster(args.port) as cluster:
        url = server.database_create(cluster.url, "jartracker_faultdrill")
        env = server.production_env(url, work / "media", JARTRACKER_TASK_LEASE_SECONDS=str(args.lease))
        paper = prepare(env, work, args)
        port = server.free_port()
        worker = db_worker(env, work / "db_worker.log")
        try:
            with server.Gunicorn(env, port, work / "gunicorn.log") as gunicorn:
                print(f"gunicorn on {gunicorn.url}: {gunicorn.sizing}; PostgreSQL on port {args.port}", flush=True)
                accounts = json.loads((work / "accounts.json").read_text(encoding="utf-8"))
                sessions_open(gunicorn.url, accounts)
                (work / "accounts.json").write_text(json.dumps(accounts), encoding="utf-8")
                load = load_start(env, work, gunicorn.url, args)
                try:
                    timeline, drill, worker = faults(cluster, gunicorn, worker, env, work, paper, args)
                finally:
                    load.kill(signal.SIGTERM, wait=60)
        finally:
            worker.kill()
        check = subprocess.run([sys.executable, "-m", "tools.loadtest.check", str(work / "accepted.jsonl"), PREFIX],
                               cwd=server.ROOT, env=env, capture_output=True, text=True)
    code = print_drill_report(work, timeline, drill, check)
    print(f"Machine at the end: {server.machine()}")
    return code


def load_start(env: dict[str, str], work: Path, host: str, args) -> Process:
    drill_env = {**env, "LOADTEST_ACCOUNTS": str(work / "accounts.json"), "LOADTEST_OUT": str(work),
                 "LOADTEST_PREFIX": PREFIX, "LOADTEST_THINK": args.think, "LOADTEST_OFFICERS": str(args.officers),
                 "LOADTEST_DIRECTORS": str(args.directors), "LOADTEST_MAX_REQUESTS": "1000000"}
    users = args.officers + args.directors
    return Process([str(server.BIN / "locust"), "-f", str(server.ROOT / "tools/loadtest/locustfile.py"),
                    "--headless", "--users", str(users), "--spawn-rate", str(users), "--run-time", "900s",
                    "--host", host, "--only-summary", "--stop-timeout", "20", "--exit-code-on-error", "0",
                    "--loglevel", "WARNING"], drill_env, work / "locust.log").start()


if __name__ == "__main__":
    sys.exit(main())
