from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "upheld.web"
    label = "web"
    verbose_name = "Site"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import second_factor, sessions

        user_logged_in.connect(sessions.note, dispatch_uid="upheld-web-note-session")
        user_logged_in.connect(second_factor.decide, dispatch_uid="upheld-web-second-factor")
