from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "upheld.insight"
    label = "insight"
    verbose_name = "Monitoring and analysis"

    def ready(self):
        from upheld.core import periodic

        # ISO 10002 8.4: the summaries follow the trail past their watermark.
        periodic.register("insight-refresh", "upheld.insight.summaries.run", every_seconds=60)
