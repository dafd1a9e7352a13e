"""The site's shared page parts, used by the public pages (upheld/intake/web), the
tracking page (upheld/portal), staff entry and, next, the staff desk: the layout
(templates/base.html), the CSS (static/upheld/site.css), accessible form partials
(templates/web/_field.html, _errors.html, _error_summary.html and the upheld_forms tags),
the one-time form token (formtoken.py), the lifecycle-error-to-field mapping
(lifecycle_errors.py), the sign-in page and where it lands (accounts.py), and the site's
own "not found" page (ISO 10002 4.3 accessibility: every page in the visitor's language)."""
