"""What the site keeps about signing in: which roles must use a second factor (set by the
complaints manager in the admin) and which sessions each person has open, so that they can
end them all at once (ISO 10002 4.7 confidentiality)."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleSecondFactor(models.Model):
    """A role whose members sign in with a code from an authenticator app (TOTP) as well as
    their password. Takes effect at each member's next sign-in."""

    role = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="second_factor", verbose_name=_("role")
    )
    required = models.BooleanField(_("second factor required"), default=True)

    class Meta:
        verbose_name = _("second factor for a role")
        verbose_name_plural = _("second factor for roles")

    def __str__(self) -> str:
        return self.role.name


class SignedInSession(models.Model):
    """One session a person signed in with (sign-out everywhere ends them all)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=64, unique=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d %H:%M}"


class FormSubmission(models.Model):
    """A staff form's one-time token, spent by the record it made (web/once.py): a second
    POST of the same form finds it and records nothing again. Kept a day."""

    token = models.CharField(max_length=64, unique=True)
    location = models.CharField(max_length=400)  # where the first POST led
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} → {self.location}"
