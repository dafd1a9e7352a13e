from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "upheld.organisation"
    label = "organisation"
    verbose_name = "Organisation"

    def ready(self):
        from upheld.core import lookups

        from .models import Course, Membership, Organisation, Team

        lookups.watch(Organisation)  # Organisation.current() is kept per process
        lookups.watch(Team, Membership)  # teams.teams() is kept per process
        lookups.watch(Course, m2m=(Course.required_for.through,))  # training.requirements()
