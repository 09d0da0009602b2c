"""The real app under gunicorn, in its own process group, so a test can kill -9 all of it."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.faults.tcp_proxy import free_port

ROOT = Path(__file__).resolve().parents[2]


def process_group(pgid: int) -> list[int]:
    """Return the live (not zombie) processes of a process group, from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            members.append(int(stat.parent.name))
    return members


class Gunicorn:
    """`gunicorn --workers N "wsgi:create_app()"` on a fixed free port, logging to a file."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 4,
                 extra_args: tuple[str, ...] = ()):
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.workers = workers
        self.extra_args = extra_args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> None:
        """Start master and workers; return once every worker answers /healthz."""
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
                 "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
                 *self.extra_args, "wsgi:create_app()"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.process.returncode}:\n"
                                     + self.log())
            if self._healthy() and len(self.members()) >= self.workers + 1:
                return
            time.sleep(0.1)
        raise AssertionError("gunicorn did not become healthy in time:\n" + self.log())

    def members(self) -> list[int]:
        """The master and its workers (the process group gunicorn leads)."""
        return process_group(self.process.pid) if self.process else []

    def kill9(self) -> int:
        """SIGKILL the master and all workers at once; return how many processes died."""
        victims = self.members()
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while self.members() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not self.members(), "processes of the killed gunicorn are still alive"
        self.process = None
        return len(victims)

    def stop(self) -> None:
        """Stop it gently (tests end this way); kill it if it does not stop."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def _healthy(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()
