"""A real IMAP server for tests: Debian's dovecot on 127.0.0.1, in a throwaway directory.

Installed with apt-get when missing (as root). The config is written from scratch (no
/etc/dovecot), so it never meets a system dovecot: its own base_dir, state_dir, log and
instance name; plain IMAP on one free port and, when `openssl` is present, STARTTLS on it
and IMAPS on another with a fresh self-signed certificate. Any user name logs in with
PASSWORD (static passdb), and each user name is a new empty maildir, so every test gets
its own mailbox. Dovecot refuses to run login processes or mail access as root: as root,
logins run as `dovenull` and mail as `dovecot` (users the package creates)."""

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from upheld.testing import free_port

PACKAGES = ["dovecot-imapd"]  # pulls dovecot-core; the binary is /usr/sbin/dovecot
PASSWORD = "imap-test-password"  # noqa: S105 — a throwaway test server's password


def binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.path.exists(p)), None
    )


def ensure_installed() -> str:
    """Install dovecot if it is missing. Returns "" when ready, else why it is not."""
    if binary():
        return ""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return (
            "dovecot is not installed and cannot be installed here (needs root and "
            f"apt-get): apt-get install {' '.join(PACKAGES)}"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES]
    done = subprocess.run(install, env=env, capture_output=True, timeout=600, check=False)
    if done.returncode != 0:  # perhaps the package lists are stale: refresh once
        subprocess.run(
            ["apt-get", "update"], env=env, capture_output=True, timeout=600, check=False
        )
        done = subprocess.run(install, env=env, capture_output=True, timeout=600, check=False)
    if done.returncode != 0 or not binary():
        tail = done.stderr.decode(errors="replace")[-500:]
        return f"apt-get install {' '.join(PACKAGES)} failed: {tail}"
    return ""


def _user(name: str, fallback: str = "nobody") -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return pwd.getpwnam(fallback)


class Dovecot:
    host = "127.0.0.1"

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="upheld-dovecot-"))
        self.root.chmod(0o755)  # the unprivileged mail user must reach its maildirs
        self.port = free_port()
        self.ssl_port = free_port()
        self.cert: Path | None = None
        self.process: subprocess.Popen | None = None

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def _certificate(self) -> bool:
        if not shutil.which("openssl"):
            return False
        cert, key = self.root / "cert.pem", self.root / "key.pem"
        made = subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if made.returncode == 0:
            self.cert = cert
        return made.returncode == 0

    def config(self) -> str:
        me = pwd.getpwuid(os.geteuid())
        if me.pw_uid == 0:
            login, mail = _user("dovenull"), _user("dovecot")
        else:
            login = mail = me
        home = self.root / "home"
        home.mkdir(exist_ok=True)
        os.chown(home, mail.pw_uid, mail.pw_gid)
        tls = self._certificate()
        # Not root: no chroot for the login and anvil processes (they cannot chroot).
        unprivileged = "" if me.pw_uid == 0 else "  chroot =\n"
        ssl = (
            f"ssl = yes\nssl_cert = <{self.root}/cert.pem\nssl_key = <{self.root}/key.pem\n"
            if tls
            else "ssl = no\n"
        )
        return f"""# Throwaway dovecot for Upheld's tests; nothing here is for production.
protocols = imap
listen = {self.host}
base_dir = {self.root}/run
state_dir = {self.root}/state
instance_name = upheld-test-{self.port}
log_path = {self.root}/dovecot.log
{ssl}disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_username_chars =
default_internal_user = {me.pw_name}
default_internal_group = {grp.getgrgid(me.pw_gid).gr_name}
default_login_user = {login.pw_name}
first_valid_uid = 1
passdb {{
  driver = static
  args = password={PASSWORD} nodelay=yes
}}
userdb {{
  driver = static
  args = uid={mail.pw_uid} gid={mail.pw_gid} home={home}/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  inet_listener imaps {{
    address = {self.host}
    port = {self.ssl_port if tls else 0}
    ssl = yes
  }}
{unprivileged}}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
{unprivileged}}}
"""

    def start(self) -> None:
        path = self.root / "dovecot.conf"
        path.write_text(self.config())
        (self.root / "state").mkdir(exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 — our own binary and config
            [binary(), "-F", "-c", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "stderr.log").open("wb"),
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        stderr = (self.root / "stderr.log").read_text(errors="replace")
        self.stop()
        raise RuntimeError(
            f"dovecot did not start on {self.host}:{self.port}.\n{stderr}\n{self.log}"
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)
