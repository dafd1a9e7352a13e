"""The classification's categories (ISO 10002 8.2) as pages name them: each with its path
("Cards › Fees"), from one query. The desk's queues name a category on every row and
offer them all in a filter on every page, so the tree is kept per process
(core/lookups.py) and dropped on every server when a category changes (complaints/apps.py
watches them)."""

from upheld.core import lookups

from .models import Category


class CategoryTree:
    """Every category with its parent and its path ("Cards › Fees"), from one query."""

    def __init__(self):
        rows = Category.objects.values_list("pk", "parent_id", "name")
        self.parent, self.name = {}, {}
        for pk, parent, name in rows:
            self.parent[pk], self.name[pk] = parent, name

    def label(self, pk: int) -> str:
        return " › ".join(self.name[p] for p in reversed(self.path(pk)))

    def path(self, pk: int) -> list[int]:
        """pk, its parent, its parent's parent… (a loop in bad data ends the walk)."""
        seen = [pk]
        while (up := self.parent.get(seen[-1])) is not None and up not in seen:
            seen.append(up)
        return seen

    def under(self, pk: int) -> list[int]:
        """pk and every category below it."""
        return [c for c in self.parent if pk in self.path(c)]

    def children(self, pk: int) -> list[int]:
        return [c for c, up in self.parent.items() if up == pk]


class NamedTree(CategoryTree):
    """The tree with every category's label worked out once, and all of them in the order
    of their labels (a parent before its children)."""

    def __init__(self):
        super().__init__()
        self.labels = {pk: self.label(pk) for pk in self.parent}
        self.choices = sorted(self.labels.items(), key=lambda item: item[1])


def tree() -> NamedTree:
    """The categories, kept per process; callers must not change what they get."""
    return lookups.cached("category-tree", NamedTree)
