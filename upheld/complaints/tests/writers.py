"""Find code that writes a complaint's state or its trail outside the lifecycle (issue 7, one
writer), by reading the source with `ast`; test_one_writer.py runs it over the tree.

What counts as a write, outside upheld/complaints/lifecycle:
- assigning a field of the Complaint model on an object (`x.status = …`, `setattr(x, "…")`):
  a field no other Upheld model has, on any object; a field another model shares (`status`),
  on an object whose name says it is a complaint (`complaint`, `c`, `…_complaint`);
- `save()` or `delete()` on such an object;
- creating or changing complaints or trail events in the database: `Complaint(...)`,
  `Event(...)`, `Complaint.objects.create/bulk_create/…`, `Event.objects.…` writes, a
  queryset `.update(…)` naming a Complaint field, reached from `Complaint` or a related
  `complaints` manager, and any `.update` / `.delete` of events;
- appending to the trail: `events.append(…)` where `events` is the trail module.
The field names come from the model, so a field added tomorrow is guarded tomorrow.
Tests (which arrange states), migrations and the trail module itself are not checked.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

WRITE_METHODS = {
    "create",
    "bulk_create",
    "bulk_update",
    "update",
    "update_or_create",
    "get_or_create",
    "delete",
    "raw",
}
COMPLAINT_NAME = re.compile(r"^(c|complaint|complaints|current|target|duplicate|\w+_complaint)$")
TRAIL_MODULE = "upheld.complaints.events"
ALLOWED = ("upheld/complaints/lifecycle/", "upheld/complaints/events.py")


@dataclass(frozen=True)
class Writes:
    """What a module outside the lifecycle must not write, derived from the models."""

    fields: frozenset[str]  # every Complaint field (name and column attribute)
    shared: frozenset[str]  # those another Upheld model also has
    many: frozenset[str]  # its many-to-many relations (complaint.involved_users.set(…))
    complaint_model: str = "Complaint"
    event_model: str = "Event"

    @classmethod
    def from_models(cls) -> "Writes":
        complaint = apps.get_model("complaints", "Complaint")
        event = apps.get_model("complaints", "Event")
        names = set()
        many = {f.name for f in complaint._meta.many_to_many}
        for f in complaint._meta.get_fields():
            if f.concrete or f.many_to_many:
                if not f.auto_created or f.many_to_many:
                    names |= {f.name, getattr(f, "attname", f.name)}
        names.discard("id")
        others = set()
        for model in apps.get_models():
            if model is complaint or not model.__module__.startswith("upheld."):
                continue
            for f in model._meta.get_fields():
                others |= {f.name, getattr(f, "attname", f.name)}
        return cls(
            frozenset(names),
            frozenset(names & others),
            frozenset(many),
            complaint._meta.object_name,
            event._meta.object_name,
        )


def violations(source: str, writes: Writes, filename: str = "<source>") -> list[str]:
    """Each write of complaint state or trail events in `source`, as "file:line: what"."""
    tree = ast.parse(source, filename)
    trail_names = _trail_module_names(tree)
    # `self` is a complaint inside the Complaint model's own class (and its subclasses).
    inside = {
        id(inner)
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        and writes.complaint_model in {cls.name, *(ast.unparse(b) for b in cls.bases)}
        for inner in ast.walk(cls)
    }
    found = []

    def report(node, what):
        found.append(f"{filename}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in _flatten(targets):
                if isinstance(target, ast.Attribute) and _is_state(
                    target, writes, self_is_complaint=id(node) in inside
                ):
                    report(node, f"sets {ast.unparse(target)}")
        elif isinstance(node, ast.Call):
            what = _call(node, writes, trail_names, in_complaint=id(node) in inside)
            if what:
                report(node, what)
    return found


def _flatten(targets):
    for t in targets:
        if isinstance(t, ast.Tuple | ast.List):
            yield from _flatten(t.elts)
        else:
            yield t


def _is_state(target: ast.Attribute, writes: Writes, self_is_complaint: bool) -> bool:
    if target.attr not in writes.fields:
        return False
    if getattr(target.value, "id", None) == "self":
        return self_is_complaint  # another class's own attribute of the same name
    return target.attr not in writes.shared or _names_a_complaint(target.value)


def _names_a_complaint(node) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return bool(COMPLAINT_NAME.match(name or ""))


def _chain_names(node) -> list[str]:
    """The names along a chain like Complaint.objects.filter(...).update, last first."""
    names = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            names.append(getattr(node, "id", ""))
            return names


def _call(node: ast.Call, writes: Writes, trail_names: set[str], in_complaint: bool) -> str:
    func = node.func
    if isinstance(func, ast.Name) and func.id in (writes.complaint_model, writes.event_model):
        return f"makes a {func.id}(...) row"
    if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2:
        field = node.args[1]
        if isinstance(field, ast.Constant) and field.value in writes.fields:
            if field.value not in writes.shared or _names_a_complaint(node.args[0]):
                return f"setattr(…, {field.value!r})"
        return ""
    if not isinstance(func, ast.Attribute):
        return ""
    method, receiver = func.attr, func.value
    if method == "append" and getattr(receiver, "id", None) in trail_names:
        return "appends to the trail (events.append)"
    if method in ("save", "delete") and (
        _names_a_complaint(receiver) or (getattr(receiver, "id", None) == "self" and in_complaint)
    ):
        return f"{ast.unparse(receiver)}.{method}() on a complaint"
    if method in ("set", "add", "remove", "clear") and getattr(receiver, "attr", "") in (
        writes.many
    ):
        return f"{ast.unparse(receiver)}.{method}(…) of a complaint's relation"
    if method not in WRITE_METHODS:
        return ""
    chain = _chain_names(receiver)
    root = chain[-1]
    if root == writes.event_model or "events" in chain:
        return f"{method}() of trail events"
    if root == writes.complaint_model or "complaints" in chain:
        if method == "update":
            named = {k.arg for k in node.keywords if k.arg} & writes.fields
            return f"update({', '.join(sorted(named))}) of complaints" if named else ""
        return f"{method}() of complaints"
    return ""


def _trail_module_names(tree) -> set[str]:
    """Names under which the module imports the trail module (`from .. import events`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            for alias in node.names:
                if alias.name == "events" and (
                    base.endswith("complaints") or (node.level and base in ("", "complaints"))
                ):
                    names.add(alias.asname or "events")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == TRAIL_MODULE:
                    names.add(alias.asname or alias.name)
    return names


def checked_files(root: Path) -> list[Path]:
    """The shipped Python files of Upheld outside the lifecycle."""
    out = []
    for path in sorted((root / "upheld").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(ALLOWED) or "/tests/" in rel or "/migrations/" in rel:
            continue
        out.append(path)
    return out
