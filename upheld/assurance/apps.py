from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssuranceConfig(AppConfig):
    name = "upheld.assurance"
    label = "assurance"
    verbose_name = _("Assurance")
