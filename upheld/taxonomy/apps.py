from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "upheld.taxonomy"
    label = "taxonomy"
    verbose_name = "Classification taxonomies (cause, FCA product groups and causes)"

    def ready(self):
        from upheld.core import lookups

        from .models import Taxonomy, Term

        lookups.watch(Taxonomy, Term)  # selectors.labels_in_use is kept per process
