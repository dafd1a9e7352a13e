"""Issue 12, point 10: `upheld check --deploy` is clean with the production settings the
README documents (before: W004, W008, W012, W016 without a setting, W005 and W021 with
UPHELD_SECURE=1)."""

import os
import subprocess
import sys

PRODUCTION = {
    "UPHELD_SECURE": "1",
    "UPHELD_HSTS_PRELOAD": "1",
    "SECRET_KEY": "a-fixed-production-key-" + "x" * 50,
    "ALLOWED_HOSTS": "complaints.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://complaints.example.com",
    "UPHELD_SITE_URL": "https://complaints.example.com",
}


def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    env = {**os.environ, **PRODUCTION, "UPHELD_DATA_DIR": str(tmp_path)}
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "upheld", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
