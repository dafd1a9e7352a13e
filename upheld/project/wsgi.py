import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upheld.project.settings")
application = get_wsgi_application()

from upheld.project.warm import settle  # noqa: E402 — needs the apps loaded

settle()
