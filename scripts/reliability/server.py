"""The release server and the SMTP server it delivers to, as processes this
harness starts, kills with SIGKILL and restarts."""

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailServer:
    """backend/tests/support/smtp_server.py (aiosmtpd): every message it
    accepts, as the JSON line it prints."""

    def __init__(self, python, work):
        self.port = free_port()
        self.messages = []
        self.proc = subprocess.Popen(
            [python, str(REPO / "backend/tests/support/smtp_server.py"),
             "--port", str(self.port), "--dir", str(work)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = json.loads(self.proc.stdout.readline())
        assert ready.get("ready"), ready
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.messages.append(json.loads(line))

    def recipients(self):
        return [to for m in list(self.messages) for to in m["to"]]

    def stop(self):
        self.proc.kill()
        self.proc.wait()


class Server:
    """`server serve` in demo mode on `database_url`, logging to `log`."""

    # Every server started, so that none outlives the harness.
    started = []

    def __init__(self, binary, database_url, log, smtp_port):
        self.binary = binary
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = dict(
            os.environ,
            BC_MODE="demo",
            BC_DATABASE_URL=database_url,
            BC_ADDR=f"127.0.0.1:{self.port}",
            LEPTOS_SITE_ADDR=f"127.0.0.1:{self.port}",
            LEPTOS_SITE_ROOT=str(REPO / "target/site"),
            BC_PUBLIC_URL=self.base,
            BC_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
            BC_SECRET="reliability-suite-secret-of-at-least-32-bytes",
            RUST_LOG="warn",
        )
        self.proc = None
        self.restarts = []
        Server.started.append(self)

    def start(self):
        out = open(self.log, "a")
        self.proc = subprocess.Popen(
            [self.binary, "serve"], env=self.env, cwd=REPO, stdout=out, stderr=out)
        started = time.monotonic()
        while time.monotonic() - started < 60:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - started
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"the server did not answer /healthz in 60 s: see {self.log}")

    def kill_and_restart(self):
        """SIGKILL, then a restart on the same database; the restart's seconds."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        took = self.start()
        self.restarts.append(took)
        return took

    @classmethod
    def stop_all(cls):
        for server in cls.started:
            server.stop()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def panics(self):
        text = Path(self.log).read_text(errors="replace")
        return [line for line in text.splitlines() if "panicked" in line]
