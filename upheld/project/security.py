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

# Content-Security-Policy on every response (django-csp): scripts, styles, images and fonts
# from this site only, no inline script or style (none of Upheld's pages has any; the API
# docs' Swagger UI is served from django-ninja's own static files), no framing, forms post
# only here. Reports, if wanted, to UPHELD_CSP_REPORT_URI.
_self, _none = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_self],
        "script-src": [_self],
        "style-src": [_self],
        "img-src": [_self, "data:"],
        "font-src": [_self],
        "connect-src": [_self],
        "object-src": [_none],
        "base-uri": [_self],
        "form-action": [_self],
        "frame-ancestors": [_none],
        **(
            {"report-uri": [os.environ["UPHELD_CSP_REPORT_URI"]]}
            if os.environ.get("UPHELD_CSP_REPORT_URI")
            else {}
        ),
    }
}
