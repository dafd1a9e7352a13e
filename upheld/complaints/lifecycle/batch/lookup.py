"""What a batch of imported complaints asks the database before it is built (build.plan):
which rows were imported already, and the categories their paths name (found or made)."""

from django.db import connection

from ...models import Category, Complaint, Event


def already_imported(source: str, refs: list[str]) -> set[str]:
    """External references of this batch that already hold a complaint from `source`: the
    index first, then the first event of the trail (which names the source)."""
    refs = [r for r in refs if r]
    if not refs:
        return set()
    if connection.vendor == "postgresql":  # one array parameter, not thousands
        with connection.cursor() as cursor:
            sql = (
                f"SELECT id, external_reference FROM {Complaint._meta.db_table} "  # noqa: S608
                "WHERE external_reference = ANY(%s)"
            )
            cursor.execute(sql, [refs])
            hits = dict(cursor.fetchall())
    else:
        hits = dict(
            Complaint.objects.filter(external_reference__in=refs).values_list(
                "pk", "external_reference"
            )
        )
    if not hits:
        return set()
    same_source = Event.objects.filter(complaint_id__in=hits, seq=1, data__import__source=source)
    return {hits[pk] for pk in same_source.values_list("complaint_id", flat=True)}


def resolve_categories(session, paths) -> dict[tuple[str, ...], tuple[int, bool]]:
    """ISO 10002 8.2: find or create each level of each path, level by level, in bulk.
    Returns path → (category id, in use); another import creating the same category at the
    same moment is no error (the conflict is ignored and the category read back)."""
    cache = session.categories
    wanted = {
        path[:depth]
        for path in set(paths)
        if path not in cache
        for depth in range(1, len(path) + 1)
    }
    for depth in range(1, max((len(p) for p in wanted), default=0) + 1):
        missing = sorted(p for p in wanted if len(p) == depth and p not in cache)
        if not missing:
            continue
        parent = {p: cache[p[:-1]][0] if depth > 1 else None for p in missing}
        query = Category.objects.filter(name__in={p[-1] for p in missing})
        query = (
            query.filter(parent__isnull=True)
            if depth == 1
            else query.filter(parent_id__in=set(parent.values()))
        )
        found = {(c.parent_id, c.name): (c.pk, c.active) for c in query}
        new = [
            Category(name=p[-1], parent_id=parent[p])
            for p in missing
            if (parent[p], p[-1]) not in found
        ]
        if new:
            Category.objects.bulk_create(new, ignore_conflicts=True)
            found = {(c.parent_id, c.name): (c.pk, c.active) for c in query.all()}
        for path in missing:
            cache[path] = found[(parent[path], path[-1])]
    return cache
