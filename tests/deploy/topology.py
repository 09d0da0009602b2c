"""The production topology on one machine: nginx with TLS in front of two app hosts.

The hosts are two gunicorn processes started with the shipped deploy/gunicorn.conf.py on one
PostgreSQL database, sharing Redis for rate limits; nginx runs the shipped
deploy/nginx/hailong.conf with only addresses, ports and certificate paths changed.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """Return a TCP port the OS says is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Wait until something listens on ``port``; fail with the log if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}:\n{log.read_text()}")


class Certificates:
    """A throw-away certificate authority and a server certificate for localhost, and an NSS
    database (the one Chromium reads from $HOME/.pki/nssdb) that trusts the authority."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ca, self.cert = folder / "ca.pem", folder / "server.pem"
        self.key = folder / "server.key"
        self.home = folder / "home"

    def make(self) -> "Certificates":
        def openssl(*args):
            subprocess.run(["openssl", *args], check=True, capture_output=True)

        f = self.folder
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", f / "ca.key", "-out", self.ca, "-subj", "/CN=Hai Long test CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key, "-out",
                f / "server.csr", "-subj", "/CN=localhost")
        (f / "ext.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                                   "extendedKeyUsage=serverAuth\n")
        openssl("x509", "-req", "-in", f / "server.csr", "-CA", self.ca, "-CAkey", f / "ca.key",
                "-CAcreateserial", "-days", "2", "-out", self.cert, "-extfile", f / "ext.cnf")
        nssdb = self.home / ".pki" / "nssdb"
        nssdb.mkdir(parents=True)
        subprocess.run(["certutil", "-N", "-d", f"sql:{nssdb}", "--empty-password"], check=True)
        subprocess.run(["certutil", "-A", "-d", f"sql:{nssdb}", "-n", "hailong-test-ca",
                        "-t", "C,,", "-i", self.ca], check=True)
        return self


class AppHost:
    """One app host: gunicorn with the shipped configuration, on its own port and folder."""

    def __init__(self, name: str, folder: Path, env: dict[str, str]) -> None:
        self.name, self.port = name, free_port()
        self.folder = folder / name
        (self.folder / "metrics").mkdir(parents=True)
        self.log = self.folder / "gunicorn.log"
        self.env = {**os.environ, **env, "HAILONG_BIND": f"127.0.0.1:{self.port}",
                    "HAILONG_WORKERS": "2", "HAILONG_INSTANCE_PATH": str(self.folder / "instance"),
                    "PROMETHEUS_MULTIPROC_DIR": str(self.folder / "metrics")}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy" /
                                                                   "gunicorn.conf.py"),
                 "wsgi:create_app()"], cwd=ROOT, env=self.env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.port, self.process, self.log)

    def requests_served(self) -> list[str]:
        """The request lines of the access log ("POST /api/v1/…")."""
        return re.findall(r'"([A-Z]+ [^ "]+)"', self.log.read_text(errors="replace"))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Nginx:
    """nginx running deploy/nginx/hailong.conf in front of the given app hosts."""

    def __init__(self, folder: Path, hosts: list[AppHost], certificates: Certificates) -> None:
        self.folder = folder / "nginx"
        self.folder.mkdir()
        self.https_port, self.http_port = free_port(), free_port()
        self.hosts, self.certificates = hosts, certificates
        self.log = self.folder / "error.log"
        self.access_log = self.folder / "hailong.access.log"
        self.process: subprocess.Popen | None = None

    def site(self) -> str:
        """The shipped site file with this machine's addresses, ports and certificate."""
        text = (ROOT / "deploy" / "nginx" / "hailong.conf").read_text()
        upstreams = "".join(f"    server 127.0.0.1:{h.port} max_fails=3 fail_timeout=10s;\n"
                            for h in self.hosts)
        text, count = re.subn(r"(?m)^    server 10\.0\.0\.\d+:8000[^\n]*\n", "", text)
        assert count == 2, "the shipped upstream block changed; update the test"
        text = text.replace("    keepalive 32;", upstreams + "    keepalive 32;")
        replacements = {
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "/etc/hailong/tls/fullchain.pem": str(self.certificates.cert),
            "/etc/hailong/tls/privkey.pem": str(self.certificates.key),
            "danhgia.example.gov.vn": "localhost",
            "/var/log/nginx/hailong.access.log": str(self.access_log),
        }
        for old, new in replacements.items():
            assert old in text, f"the shipped site no longer has {old!r}; update the test"
            text = text.replace(old, new)
        return re.sub(r"(?m)^\s*listen \[::\]:\d+[^\n]*\n", "", text)

    def start(self) -> None:
        (self.folder / "hailong.conf").write_text(self.site())
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.folder / name).mkdir()
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(f"""{user}worker_processes 2;
daemon off;
pid {self.folder}/nginx.pid;
error_log {self.log} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.folder}/access.log;
    client_body_temp_path {self.folder}/body;
    proxy_temp_path {self.folder}/proxy;
    fastcgi_temp_path {self.folder}/fastcgi;
    uwsgi_temp_path {self.folder}/uwsgi;
    scgi_temp_path {self.folder}/scgi;
    include {self.folder}/hailong.conf;
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run([nginx, "-t", "-c", self.folder / "nginx.conf", "-p", self.folder],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen([nginx, "-c", self.folder / "nginx.conf", "-p",
                                         self.folder], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.https_port, self.process, self.log)

    @property
    def url(self) -> str:
        return f"https://localhost:{self.https_port}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def key_prefix() -> str:
    """A rate-limit key prefix of this run's own, so nothing else in Redis interferes."""
    return f"hailong-topology-{uuid.uuid4().hex[:12]}"
