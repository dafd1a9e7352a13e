"""Which team a complaint goes to when it is received (ISO 10002 5.3, 7.2): the routing
rules (models.RoutingRule), tried in order, the first whose conditions all hold wins.

The rules and the category tree are read once per process (core/lookups.py; dropped
everywhere when a rule or a category changes), so receipt costs no query for them."""

from dataclasses import dataclass

from upheld.core import lookups

from .models import Category, RoutingRule


@dataclass(frozen=True)
class Rule:
    team_id: int
    category_id: int | None
    product_contains: str
    channel: str
    language: str

    def holds(self, categories: set[int], product: str, channel: str, language: str) -> bool:
        return (
            (self.category_id is None or self.category_id in categories)
            and (not self.product_contains or self.product_contains in product)
            and (not self.channel or self.channel == channel)
            and (not self.language or self.language == language)
        )


@dataclass(frozen=True)
class Routing:
    rules: tuple[Rule, ...]
    parents: dict[int, int | None]

    def with_ancestors(self, category_id: int | None) -> set[int]:
        found: set[int] = set()
        while category_id is not None and category_id not in found:
            found.add(category_id)
            category_id = self.parents.get(category_id)
        return found


def _load() -> Routing:
    rules = tuple(
        Rule(team, category, product.lower(), channel, language.lower())
        for team, category, product, channel, language in RoutingRule.objects.order_by(
            "position", "pk"
        ).values_list("team_id", "category_id", "product_contains", "channel", "language")
    )
    parents: dict[int, int | None] = {}
    if rules:
        parents.update(Category.objects.values_list("pk", "parent_id"))
    return Routing(rules, parents)


def team_for(*, category_id: int | None, product: str, channel: str, language: str) -> int | None:
    """The team the first rule that holds names, or None (no rule holds: a manager routes
    it by hand)."""
    routing = lookups.cached("routing-rules", _load)
    if not routing.rules:
        return None
    categories = routing.with_ancestors(category_id)
    product, language = (product or "").lower(), (language or "").lower()
    for rule in routing.rules:
        if rule.holds(categories, product, channel, language):
            return rule.team_id
    return None
