"""The regime profiles a complaint can be handled under (capability 56). Each names a set
of clock rules (models.ClockRule, data the complaints manager keeps); ISO until chosen."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Regime(models.TextChoices):
    ISO = "iso", _("ISO 10002 (the organisation's own targets)")
    FCA = "fca", _("UK FCA DISP 1")
    FCA_PSD = "fca_psd", _("UK FCA payment services and e-money (DISP 1.6.2A)")
    FDA = "fda", _("US FDA medical devices (21 CFR 820.198, Part 803)")
