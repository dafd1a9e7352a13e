from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "upheld.taxonomy"
    label = "taxonomy"
    verbose_name = "Classification taxonomies (cause, FCA product groups and causes)"
