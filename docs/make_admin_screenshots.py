"""Screenshots of the staff side on the demo data: the complaint list and one complaint
with its decisions and trail (docs/screenshots/admin-*.png).

    .venv/bin/python docs/make_admin_screenshots.py

Loads the demo into a throwaway data folder, serves it, signs in as the demo's complaints
manager in Debian's Chromium and saves the pages. Nothing of yours is touched."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from upheld.testing import free_port

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
UPHELD = str(Path(sys.executable).with_name("upheld"))
PASSWORD = "demo-screenshots-1"  # noqa: S105 — a throwaway demo in a temp folder


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="upheld-shots-") as data:
        env = {
            **os.environ,
            "UPHELD_DATA_DIR": data,
            "UPHELD_ADMIN_PASSWORD": PASSWORD,
            "UPHELD_DEMO_STAFF_PASSWORD": PASSWORD,
        }
        env.pop("DATABASE_URL", None)
        for args in (["migrate", "-v0"], ["load-demo"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([UPHELD, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            [UPHELD, "serve", "--no-worker", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=[
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                    ],
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{base}/admin/login/")
                page.fill("#id_username", "manager")
                page.fill("#id_password", PASSWORD)
                page.click("input[type=submit]")
                page.goto(f"{base}/admin/complaints/complaint/")
                page.screenshot(path=str(OUT / "admin-complaints.png"))
                page.goto(f"{base}/admin/complaints/complaint/?status__exact=closed")
                page.click("#result_list tbody tr:first-child th a")
                page.screenshot(path=str(OUT / "admin-complaint.png"), full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
