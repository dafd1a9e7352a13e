"""The authorisation matrix's URLs (bench/drills/authz_matrix.py): every URL pattern of the
site, found by walking Django's URL resolver, made into probes with real objects of the
world in their parameters."""

import re

from authz_table import (  # bench/drills is not a package: authz_matrix.py puts it on the path
    OURS,
    Probe,
    family_of,
)
from authz_world import World

# ------------------------------------------------------------------ every URL


def url_patterns():
    """(name, route, converters) of every pattern the resolver knows, nested included."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace)
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns or namespace)
            elif isinstance(p, URLPattern):
                name = p.name or "?"
                named = f"{namespace}:{name}" if namespace else name
                yield named, prefix + str(p.pattern), _redirects(p.callback)

    yield from walk(get_resolver().url_patterns, "", None)


def _redirects(view) -> bool:
    """A pattern that only sends elsewhere, whatever the method (RedirectView)."""
    from django.views.generic import RedirectView

    while view is not None:
        cls = getattr(view, "view_class", None)
        if cls is not None:
            return issubclass(cls, RedirectView)
        view = getattr(view, "__wrapped__", None)
    return False


def probes_of_urls(world: World, documented: set[str]) -> tuple[list[Probe], list[str], int]:
    """Every URL pattern with its parameters filled, GET and POST; the API's operations
    (`documented`: the OpenAPI document's paths) are left to probes_of_api, which knows
    their methods and bodies."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    from upheld.complaints.moves import MOVES
    from upheld.desk.queues.definitions import QUEUES

    probes: list[Probe] = []
    unclassified: list[str] = []
    forms = [m.action for m in MOVES.values() if m.input is not None and not m.system_only]
    complaint_ct = ContentType.objects.get_for_model(world.complaints[OURS]).pk
    patterns = 0
    for name, route, redirects in url_patterns():
        filled: list[dict] = []  # each: path + what it names
        bare = route.lstrip("^").rstrip("$")
        if "/" + re.sub(r"<(\w+)>", r"{\1}", bare) in documented:
            continue
        patterns += 1
        if name == "admin:?" and "object_id" in route:
            name = "admin:?object"
        family = family_of(name)
        if family is None:
            unclassified.append(f"{name} /{bare}")
            continue
        params = set(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
        params = {a or b for a, b in params}
        if not params:
            filled.append({"path": "/" + bare})
        elif name == "admin:app_list":
            for app in sorted(world.admin_apps):
                filled.append({"path": reverse(name, args=[app]), "model": app})
        elif name == "admin:view_on_site":
            for key, c in world.complaints.items():
                path = reverse(name, args=[complaint_ct, c.pk])
                filled.append({"path": path, "complaint": key})
        elif name.startswith("admin:") and params & {"object_id", "id", "pk"}:
            model, action = _admin_model_action(name, route)
            slot = re.search(r"<(?:\w+:)?(?:object_id|id|pk)>", bare).group(0)
            if model == "complaints.complaint":
                for key, c in world.complaints.items():
                    path = "/" + bare.replace(slot, str(c.pk))
                    filled.append({"path": path, "complaint": key, "model": model})
            elif model in world.objects:
                path = "/" + bare.replace(slot, str(world.objects[model]))
                filled.append({"path": path, "model": model})
            for f in filled:
                f["action"] = action
        elif name == "admin:?":
            filled.append({"path": "/admin/nothing-here/"})
        elif name == "api-v1:no_such_endpoint":
            filled.append({"path": "/api/v1/nothing-here"})
        elif name == "api-insight:no_such_endpoint":
            filled.append({"path": "/api/v1/insight/nothing-here"})
        elif family == "insight":
            filled.extend(_insight_paths(name, route, params))
        elif "secret" in params:
            for right, secret in ((True, world.secrets[OURS]), (False, "not-a-secret-" + "x" * 30)):
                kwargs = {"secret": secret}
                if "decision" in params:
                    kwargs["decision"] = 999999  # none yet: the world has no decision
                path = reverse(name, kwargs=kwargs)
                filled.append({"path": path, "right_secret": right})
        elif params == {"uidb64", "token"}:
            filled.append({"path": reverse(name, kwargs={"uidb64": "MQ", "token": "set-x"})})
        elif params == {"name"}:
            for queue in QUEUES:
                filled.append({"path": reverse(name, kwargs={"name": queue})})
        elif params == {"kind", "regime", "language"}:
            for kwargs in ({"kind": "decision", "regime": "fca", "language": "en"},):
                filled.append({"path": reverse(name, kwargs=kwargs)})
        elif params == {"letter"}:
            for key, pk in world.letters.items():
                filled.append({"path": reverse(name, kwargs={"letter": pk}), "complaint": key})
        elif name.startswith("improve:"):
            filled.extend(_improve_paths(world, name))
        elif params == {"pk"}:
            pk = world.notice if name == "desk:notice_read" else world.saved_view
            filled.append({"path": reverse(name, kwargs={"pk": pk})})
        elif "reference" in params:
            for key, c in world.complaints.items():
                kwargs: dict = {"reference": c.reference}
                if "attachment" in params:
                    kwargs["attachment"] = world.attachments[key]
                if "letter" in params:
                    kwargs["letter"] = world.letters[key]
                if "move" in params:
                    for action in forms:
                        path = reverse(name, kwargs={**kwargs, "move": action})
                        move = action.replace("-", "_")
                        filled.append({"path": path, "complaint": key, "move": move})
                    continue
                filled.append({"path": reverse(name, kwargs=kwargs), "complaint": key})
        elif name.startswith("assurance:") and params <= set(world.assurance):
            kwargs = {p: world.assurance[p] for p in params}
            filled.append({"path": reverse(name, kwargs=kwargs)})
        else:
            unclassified.append(f"{name} /{bare} (parameters {sorted(params)} not filled)")
            continue
        if family == "admin-model" and filled and "action" not in filled[0]:
            model, action = _admin_model_action(name, route)
            for f in filled:
                f.update(model=model, action=action)
        api = bare.startswith("api/")
        for f in filled:
            read_only = redirects or name.startswith("api-insight:")  # its GETs only
            for method in ("GET",) if read_only else ("GET", "POST"):
                probes.append(Probe(name, family, method, api=api, **f))
    return probes, unclassified, patterns


def _improve_paths(world: World, name: str) -> list[dict]:
    """The world's root cause analysis and action, each step of them, its evidence."""
    from django.urls import reverse

    rc, action = world.improve["root_cause"], world.improve["action"]
    if name == "improve:root_cause_step":
        return [
            {"path": reverse(name, args=[rc, step]), "step": step}
            for step in ("analysis", "conclude", "raise")
        ]
    if name == "improve:action_step":
        return [
            {"path": reverse(name, args=[action, step]), "step": step}
            for step in ("done", "evidence", "reopen", "close", "check")
        ]
    if name == "improve:evidence":
        return [{"path": reverse(name, args=[action, world.improve["evidence"]])}]
    pk = {"improve:root_cause": rc, "improve:action": action}.get(name)
    return [{"path": reverse(name, args=[pk] if pk else [])}]


def _insight_paths(name: str, route: str, params: set[str]) -> list[dict]:
    """Each view of the figures (mine, team, organisation), and its KPIs as CSV."""
    from django.urls import reverse

    query = "?start=2026-01-01&end=2026-12-31" + ("&view={view}" if "api/" in route else "")
    out = []
    for view in ("mine", "team", "organisation"):
        if name.startswith("api-insight:"):
            path = "/" + route.lstrip("^").rstrip("$")
            path = re.sub(r"<(?:\w+:)?name>", "kpis", path)
            path = re.sub(r"<(?:\w+:)?fmt>", "csv", path)
        elif params == {"view"}:
            path = reverse(name, kwargs={"view": view})
        else:
            path = reverse(name, kwargs={"view": view, "name": "kpis", "fmt": "csv"})
        out.append({"path": path + query.format(view=view), "view": view})
    return out


def _admin_model_action(name: str, route: str) -> tuple[str, str]:
    """admin:complaints_complaint_change → ("complaints.complaint", "change")."""
    parts = route.split("/")  # admin/<app>/<model>/...
    model = f"{parts[1]}.{parts[2]}"
    suffix = name.rsplit("_", 1)[-1]
    action = {"changelist": "view", "history": "view", "config": "change"}.get(suffix, suffix)
    if name == "admin:?object":
        action = "view"
    elif action not in ("view", "add", "change", "delete"):
        action = "change"  # a page of its own (a device's QR code…): whoever may change it
    return model, action
