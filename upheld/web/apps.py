from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "upheld.web"
    label = "web"
    verbose_name = "Site"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from upheld.core import periodic

        from . import second_factor, sessions

        user_logged_in.connect(sessions.note, dispatch_uid="upheld-web-note-session")
        user_logged_in.connect(second_factor.decide, dispatch_uid="upheld-web-second-factor")
        # ISO 10002 4.7: sessions of signed-in staff and of complainants who posted a form
        # are deleted once expired (anonymous readers get none: web/formtoken.py).
        periodic.register("clear-sessions", "upheld.web.sessions.clear_expired", every_seconds=3600)
