"""A throwaway PostgreSQL cluster for the fault drill, so that restarting the database never touches a
shared server: initdb into a new temporary folder, started on its own port (55432 unless taken) with
its socket in that folder, restarted with pg_ctl, stopped and removed at the end.

initdb refuses to run as root: as root the cluster's commands run as the `postgres` system user
(runuser), which then owns the folder.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

DEFAULT_BINARIES = Path("/usr/lib/postgresql/15/bin")


def binaries() -> Path:
    """The PostgreSQL server programs: PG_BIN, else Debian's folder for 15, else the newest found."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    if (DEFAULT_BINARIES / "initdb").exists():
        return DEFAULT_BINARIES
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("make faultdrill needs the PostgreSQL server programs (initdb, pg_ctl): set PG_BIN")
    return found[-1].parent


class Cluster:
    def __init__(self, port: int = 55432) -> None:
        self.port = port
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="jartracker-faultdrill-pg-"))
        self.data = self.folder / "data"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)

    @property
    def url(self) -> str:
        """The server's URL, without a database name."""
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True)
        if done.returncode:
            said = (done.stderr or done.stdout).strip().splitlines()
            log = self.folder / "server.log"
            if log.exists():  # pg_ctl says only "could not start server": the reason is in the server's log
                said += [line for line in log.read_text(errors="replace").splitlines()
                         if "FATAL" in line or "could not" in line][-2:]
            raise subprocess.CalledProcessError(done.returncode, args[0], "; ".join(said))
        return done

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "-t", "60", *args)

    def __enter__(self) -> Cluster:
        try:
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                      "-E", "UTF8", "--locale", "C.UTF-8")
            self.pg_ctl("start")
        except subprocess.CalledProcessError as e:
            self.__exit__()
            raise SystemExit(f"cannot start a PostgreSQL cluster on port {self.port}: {e.output} "
                             "(--port chooses another)") from None
        return self

    def restart(self, down_seconds: float = 3) -> float:
        """Stop the server (fast shutdown: open connections are cut), keep it down `down_seconds` (a restart
        with work to do, an upgrade, a failover, rather than pg_ctl's quarter-second bounce), start it;
        the seconds it was unreachable."""
        started = time.monotonic()
        self.pg_ctl("-m", "fast", "stop")
        time.sleep(down_seconds)
        self.pg_ctl("start")
        return time.monotonic() - started

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
