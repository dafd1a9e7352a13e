"""Settings of signing in and throttling (issue 12, point 2; issue 9, point 1), kept apart
from settings.py, which imports them. Each can be set from the environment."""

import os
from datetime import timedelta

# django-axes: failed sign-ins counted in the database (so across every app server), at
# /accounts/login/ and /admin/login/ alike; after the limit, that username from that
# address is locked out for the cool-off time (no password is hashed while locked).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("UPHELD_SIGN_IN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("UPHELD_SIGN_IN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "upheld.core.throttle.client_address"  # honours the proxy setting
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Limits per client address per hour (core/throttle.py, in the database).
UPHELD_PASSWORD_RESETS_PER_HOUR = int(os.environ.get("UPHELD_PASSWORD_RESETS_PER_HOUR", "5"))
UPHELD_TRACK_MISSES_PER_HOUR = int(os.environ.get("UPHELD_TRACK_MISSES_PER_HOUR", "20"))
UPHELD_PORTAL_POSTS_PER_HOUR = int(os.environ.get("UPHELD_PORTAL_POSTS_PER_HOUR", "30"))

# django-otp: the issuer an authenticator app shows beside the account.
OTP_TOTP_ISSUER = os.environ.get("UPHELD_OTP_ISSUER", "Upheld")
