"""Create the project's virtual environment, robustly (used by the Makefile).

    python3 tools/make_venv.py .venv

`python -m venv` needs ensurepip, which some Linux distributions ship apart (Debian and
Ubuntu: the python3-venv package). Without it, the environment is made without pip and pip
is put in from its wheel on PyPI, checked against the sha256 that PyPI publishes. A venv
that exists and has a working pip is left alone.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

PYPI_PIP = "https://pypi.org/pypi/pip/json"


def python_of(target: Path) -> Path:
    return target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def has_pip(python: Path) -> bool:
    if not python.exists():
        return False
    return subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0


def bootstrap_pip(python: Path) -> None:
    with urllib.request.urlopen(PYPI_PIP, timeout=60) as response:  # noqa: S310 — fixed URL
        release = json.load(response)
    wheel = next(u for u in release["urls"] if u["packagetype"] == "bdist_wheel")
    url = urllib.parse.urljoin(PYPI_PIP, wheel["url"])  # mirrors may answer relative URLs
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310
        content = response.read()
    if hashlib.sha256(content).hexdigest() != wheel["digests"]["sha256"]:
        raise SystemExit("The pip wheel downloaded from PyPI does not match its sha256.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        path.write_bytes(content)
        # A pip wheel can run itself: python pip.whl/pip install pip.whl
        subprocess.run(
            [python, f"{path}/pip", "install", "-q", "--no-index", str(path)], check=True
        )


def main(target: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 — say so clearly on an old Python
        raise SystemExit(
            f"Upheld needs Python 3.11 or newer; this is {sys.version.split()[0]}."
            " Run make with PYTHON=python3.11 (or newer)."
        )
    where = Path(target)
    python = python_of(where)
    if has_pip(python):
        return
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(where)
    except (subprocess.CalledProcessError, OSError) as error:
        print(
            f"python -m venv with pip failed ({error}); creating it without pip and "
            "installing pip from PyPI.",
            file=sys.stderr,
        )
    if not has_pip(python):
        venv.EnvBuilder(with_pip=False, clear=True).create(where)
        bootstrap_pip(python)
    if not has_pip(python):
        raise SystemExit(f"Could not put pip into {where}.")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".venv")
