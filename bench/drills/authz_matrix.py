"""Drill: the authorisation matrix (ISO 10002 4.7 confidentiality, 5.3 roles; issue 12).

Every URL pattern of the site, found by walking Django's URL resolver (the desk, the
admin, the portal, intake, the API, the accounts: a URL added tomorrow is in the next
run), and every operation of the API's OpenAPI document, each × every identity below ×
a complaint of the identity's own team and one of another team, with real objects in the
URL's parameters. Each answer is compared with the expectation table stated here (FAMILIES,
ADMIN_MODELS): an identity that should be refused must get no content (no 2xx, no 409
telling the state, no redirect that ends in content), and no page it gets may show a
complaint it may not read (the markers of each complaint are looked for in every body);
whatever it should open must open. It prints the requests made, the unexpected allows,
what could not be opened, server errors and URLs the table does not classify: all four
must be 0.

Every request runs in a transaction rolled back after it (so a move that is allowed is
really made, and undone: each request sees the same complaints), from an address of its
own (so the rate limits, which are not under test here, never answer instead of the
authorisation). CSRF checks are off, as for anyone who has read a form's token.

    python bench/drills/authz_matrix.py                      # SQLite, in a temporary dir
    DATABASE_URL=postgres://root@127.0.0.1:5432/x python bench/drills/authz_matrix.py

Makes and drops its own database (upheld_drill_authz beside DATABASE_URL's). The same
matrix runs in `make test` (upheld/project/tests/test_authz_matrix.py).
"""

import argparse
import fnmatch
import itertools
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

# ------------------------------------------------------------------ who asks

READS_NONE, READS_TEAM, READS_ALL = "", "team", "all"


@dataclass(frozen=True)
class Who:
    """What an identity is meant to reach (roles.py, organisation/teams.py)."""

    signed_in: bool = False
    staff: bool = False  # reaches the admin site (roles.sync_staff_flag)
    reads: str = READS_NONE  # which complaints: those of its team (and unrouted), or all
    handles: bool = False  # complaints.handle_complaint
    manages: bool = False  # complaints.manage_complaints
    keeps: frozenset[str] = frozenset()  # admin models it keeps (ADMIN_MODELS)
    superuser: bool = False
    reports: bool = False  # complaints.view_reports: the organisation's figures (insight)


CM_KEEPS = frozenset({"category", "organisation", "rolesecondfactor", "template", "lettersettings"})
IDENTITIES: dict[str, Who] = {
    "anonymous": Who(),
    # signed in, then deactivated: from then on a stranger
    "inactive handler": Who(),
    "staff without a role": Who(signed_in=True, staff=True),
    # member of the Cards team (Handler role)
    "handler": Who(True, True, READS_TEAM, handles=True),
    # manager of the Cards team (Complaints manager role, in a team)
    "team manager": Who(
        True, True, READS_TEAM, handles=True, manages=True, keeps=CM_KEEPS, reports=True
    ),
    # Complaints manager role, in no team: the whole organisation
    "complaints manager": Who(
        True, True, READS_ALL, handles=True, manages=True, keeps=CM_KEEPS, reports=True
    ),
    "top management": Who(True, True, READS_ALL, reports=True),
    "auditor": Who(True, True, READS_ALL, reports=True),
    "superuser": Who(True, True, READS_ALL, True, True, superuser=True, reports=True),
}
OURS, THEIRS = "ours", "theirs"  # the Cards team's complaint, the Loans team's


def reads(who: Who, complaint: str | None) -> bool:
    if complaint is None:
        return who.reads != READS_NONE
    return who.reads == READS_ALL or (who.reads == READS_TEAM and complaint == OURS)


# ------------------------------------------------------------------ what they should get

ALLOW, REFUSE, ANY = "allow", "refuse", "any"

# Moves only a complaints manager makes (5.3.2); every other move needs a handling role.
MANAGER_MOVES = {
    "assign",
    "route",
    "prioritise",
    "escalate",
    "reopen",
    "merge",
    "waive_remedy",
    "anonymise",
}

# URL families, by URL name (namespace:name; "?" for an unnamed pattern) or OpenAPI
# operation id (api:operation_id). First match wins. A URL no line matches is reported
# as unclassified: a new URL must be given its family here.
FAMILIES: list[tuple[str, str]] = [
    # everyone, signed in or not
    ("home", "public"),
    ("set_language", "public"),
    ("login", "public"),
    # signing out: harmless to anyone, and it ends where signing in starts
    ("logout", "sign-out"),
    ("admin:logout", "sign-out"),
    ("web:sign_out_everywhere", "sign-out"),
    ("password_reset*", "public"),
    ("web:password_reset", "public"),
    ("intake_web:complain", "public"),
    ("intake_web:how", "public"),
    ("intake_web:privacy", "public"),
    ("intake_web:policy", "public"),
    ("intake_web:received", "public"),
    ("admin:login", "public"),
    ("api-v1:openapi-*", "public"),
    # whoever holds the complainant's secret link, and nobody with a wrong one
    ("portal:recover", "public"),  # a new link sent to the address on record
    ("portal:track", "secret"),
    # its forms, a decision's letter, the survey: what they show depends on the state
    ("portal:*", "secret-object"),
    # anyone signed in: their own account
    ("web:*", "signed-in"),
    ("password_change*", "signed-in"),
    # receiving complaints: a handling role
    ("intake_web:staff_*", "handles"),
    ("api:receive_complaint", "handles"),
    # lists of complaints: any role that reads them, each seeing only what it may open
    ("desk:home", "reader"),
    ("desk:queue", "reader"),
    ("desk:queue_export", "reader"),
    ("desk:save_view", "reader"),
    ("api:list_*", "reader"),
    # each person's own notices and how they are told (only their own are ever read)
    ("desk:notices", "reader"),
    ("desk:my_tasks", "reader"),
    ("desk:notices_read", "reader"),
    ("desk:notices_choice", "reader"),
    # a saved view, a notice: its owner (the handler)
    ("desk:delete_view", "owner"),
    ("desk:notice_read", "owner"),
    # figures (insight): a handler's own, a manager's team's, the organisation's
    ("insight:home", "reader"),
    ("insight:dashboard", "insight"),
    ("insight:download", "insight"),
    ("api-insight:insight_*", "insight"),
    ("api-insight:openapi-*", "public"),
    ("api-insight:no_such_endpoint", "nowhere"),
    ("api-insight:api-root", "nowhere"),
    # the audit programme and management reviews (ISO 10002 8.5, 8.6): the organisation's
    # readers read; who may write where is ASSURANCE_WRITES
    ("assurance:*", "assurance"),
    # continual improvement (ISO 10002 8.7): the complaints manager keeps root causes,
    # actions and external bodies' decisions; top management and auditors read them; a
    # handler sees and reports the actions they own (the world's action is the handler's)
    ("improve:start", "manages"),
    ("improve:root_cause_step", "manages"),
    ("improve:root_causes", "improve-read"),
    ("improve:root_cause", "improve-read"),
    ("improve:external", "improve-external"),
    ("improve:actions", "improve-actions"),
    ("improve:action", "improve-action"),
    ("improve:evidence", "improve-action"),
    ("improve:action_step", "improve-action-step"),
    # managing the team's work
    ("desk:workload", "manages"),
    ("desk:bulk", "manages"),
    # one complaint: by the one visibility rule
    ("desk:complaint", "complaint"),
    ("desk:attachment", "complaint"),
    # a complaint's letters (write, preview, send; a kept PDF) and the post room's letters:
    # a handling role and the complaint's visibility
    ("desk:letters", "complaint+handles"),
    ("desk:letter_pdf", "complaint+handles"),
    ("desk:print_letter", "complaint+handles"),
    ("desk:letter_posted", "complaint+handles"),
    ("desk:post_room", "handles"),
    ("desk:mass_runs", "manages"),
    # the letter templates' editor: whoever keeps the templates (the complaints manager)
    ("desk:template_list", "templates"),
    ("desk:template_versions", "templates"),
    ("api:get_complaint", "complaint"),
    ("api:add_attachments", "complaint+handles"),
    # a move on one complaint: the rule, the move's permission, the complaint's state
    ("desk:move", "move"),
    ("api:action_*", "move"),
    # the admin site and its models (ADMIN_MODELS)
    ("admin:view_on_site", "admin-shortcut"),
    ("admin:app_list", "admin-app"),
    ("admin:autocomplete", "admin-any"),
    ("admin:index", "admin-site"),
    ("admin:jsi18n", "admin-site"),
    ("admin:password_change*", "admin-site"),
    ("admin:*_changelist", "admin-model"),
    ("admin:*_add", "admin-model"),
    ("admin:*_change", "admin-model"),
    ("admin:*_delete", "admin-model"),
    ("admin:*_history", "admin-model"),
    ("admin:otp_totp_totpdevice_*", "admin-model"),  # config, qrcode: a device's secret
    ("admin:?object", "admin-model"),
    # nothing there, for anyone
    ("admin:?", "nowhere"),
    ("api-v1:no_such_endpoint", "nowhere"),
    ("api-v1:api-root", "nowhere"),
]

# The admin's models: who may do what (view, add, change, delete). Roles that keep a model
# are named by the model's name in Who.keeps; a model not listed here is the superuser's
# alone. NOBODY: what the admin offers no one, the superuser included (the lifecycle
# writes complaints; tokens are issued by a command; deliveries by the worker...).
NOBODY = frozenset()
READERS = "readers"  # every role that reads complaints, each by the visibility rule
ADMIN_MODELS: dict[str, dict[str, object]] = {
    "complaints.complaint": {"view": READERS, "add": NOBODY, "change": NOBODY, "delete": NOBODY},
    "complaints.category": {"view": "roles", "add": "keeps", "change": "keeps"},
    "organisation.organisation": {
        "view": "keeps",
        "change": "keeps",
        "add": NOBODY,
        "delete": NOBODY,
    },
    "web.rolesecondfactor": {"view": "keeps", "add": "keeps", "change": "keeps", "delete": "keeps"},
    "api.apitoken": {"add": NOBODY},  # issued by `upheld issue-token`, shown once
    "api.webhookdelivery": {"add": NOBODY},
    # records kept by their own machinery, read-only here
    "intake_mail.processedmail": {"add": NOBODY},
    "intake_mail.quarantinedmail": {"add": NOBODY},
    "axes.accessattempt": {"add": NOBODY},
    "axes.accesslog": {"add": NOBODY},
    "axes.accessfailurelog": {"add": NOBODY},
    "django_tasks_database.dbtaskresult": {"add": NOBODY, "change": NOBODY, "delete": NOBODY},
    # a kept letter is a record; a template is versioned, never deleted (a letter names it)
    "letters.letter": {"add": NOBODY, "change": NOBODY, "delete": NOBODY},
    "letters.template": {"view": "keeps", "add": "keeps", "change": "keeps", "delete": NOBODY},
    # one record, which the world's letters made: none to add
    "letters.lettersettings": {"view": "keeps", "change": "keeps", "add": NOBODY},
}


# What a POST sends where an empty form would only be "not found" (nothing to save).
POST_DATA: dict[str, dict] = {
    "desk:save_view": {"name": "Matrix view", "queue": "mine"},
    "desk:notices_choice": {"way": "both"},
}


# The audits' and reviews' writes (upheld/assurance/access.py): who may POST to each URL.
# Every other assurance URL is read-only (its POST: 405); the POST-only ones answer 405 to
# a GET; the two forms of their own are shown only to whoever may send them.
ASSURANCE_WRITES = {
    "assurance:plan_new": "plans",
    "assurance:plan": "plans",
    "assurance:draw": "conducts",
    "assurance:answer": "conducts",
    "assurance:finding": "conducts",
    "assurance:report": "conducts",
    "assurance:finding_action": "raises",
    "assurance:review_new": "holds",
    "assurance:decision": "holds",
}
ASSURANCE_POST_ONLY = {
    "assurance:draw", "assurance:answer", "assurance:finding", "assurance:report",
    "assurance:finding_action", "assurance:decision",
}  # fmt: skip
ASSURANCE_FORMS = {"assurance:plan_new": "plans", "assurance:review_new": "holds"}


def assurance_may(who: Who, what: str) -> bool:
    """Plans: auditors and the complaints manager; conducts: the world's audit's auditor
    alone; raises actions from findings: that auditor and the complaints manager; holds
    reviews: top management and the complaints manager."""
    auditor = who is IDENTITIES["auditor"]
    return {
        "plans": auditor or who.manages,
        "conducts": auditor,
        "raises": auditor or who.manages,
        "holds": who.manages or (who.reports and not auditor),
    }[what]


def expect_assurance(probe: "Probe", who: Who) -> str:
    if not (who.reads == READS_ALL and who.reports):
        return REFUSE  # the organisation's readers only
    if probe.method == "GET":
        if probe.name in ASSURANCE_POST_ONLY:
            return ANY
        own = ASSURANCE_FORMS.get(probe.name)
        return ALLOW if own is None or assurance_may(who, own) else REFUSE
    what = ASSURANCE_WRITES.get(probe.name)
    if what is None:
        return ANY  # read-only: 405
    return ALLOW if assurance_may(who, what) else REFUSE


def family_of(name: str) -> str | None:
    for pattern, family in FAMILIES:
        if fnmatch.fnmatchcase(name, pattern):
            return family
    return None


@dataclass
class Probe:
    """One request to make: a URL with its parameters filled, for one identity."""

    name: str  # URL name or api:operation_id
    family: str
    method: str
    path: str
    complaint: str | None = None  # OURS / THEIRS when the URL names one
    move: str | None = None
    model: str | None = None  # admin: app_label.model_name
    action: str | None = None  # admin: view / add / change / delete
    right_secret: bool = False
    body: object = None
    multipart: bool = False
    api: bool = False
    view: str | None = None  # insight: mine / team / organisation
    step: str | None = None  # improve: a step of a root cause or an action


def admin_may(who: Who, model: str, action: str, complaint: str | None) -> bool:
    rules = ADMIN_MODELS.get(model, {})
    allowed = rules.get(action, "superuser")
    if allowed == NOBODY or not who.staff:
        return False
    if who.superuser:
        return True
    if allowed == READERS:
        return reads(who, complaint)
    if allowed == "roles":
        return who.reads != READS_NONE
    if allowed == "keeps":
        return model.split(".")[1] in who.keeps
    return False


def expect(probe: Probe, who: Who, world) -> str:
    f, method = probe.family, probe.method
    if f == "public":
        return ALLOW
    if f == "sign-out":
        return ANY
    if f == "nowhere":
        return REFUSE
    if f == "secret":
        if not probe.right_secret:
            return REFUSE
        return ALLOW if method == "GET" else ANY  # an answer depends on the state
    if f == "secret-object":
        return ANY if probe.right_secret else REFUSE
    if f == "signed-in":
        return ALLOW if who.signed_in else REFUSE
    if f == "handles":
        return ALLOW if who.handles else REFUSE
    if f == "reader":
        return ALLOW if reads(who, None) else REFUSE
    if f == "owner":
        return ALLOW if who is IDENTITIES["handler"] else REFUSE
    if f == "manages":
        return ALLOW if who.manages else REFUSE
    if f == "templates":
        return ALLOW if who.superuser or "template" in who.keeps else REFUSE
    if f == "improve-read":
        return ALLOW if who.reports else REFUSE
    if f == "improve-external":
        return ALLOW if (who.manages if method == "POST" else who.reports) else REFUSE
    if f == "improve-actions":
        return ALLOW if who.handles or who.reports else REFUSE
    if f == "improve-action":
        return ALLOW if who.reports or who is IDENTITIES["handler"] else REFUSE
    if f == "improve-action-step":
        owner = who is IDENTITIES["handler"] and probe.step in ("done", "evidence")
        return ALLOW if who.manages or owner else REFUSE
    if f == "insight":
        may = {"mine": who.handles, "team": who.manages, "organisation": who.reports}
        return ALLOW if may[probe.view or "organisation"] and reads(who, None) else REFUSE
    if f == "assurance":
        return expect_assurance(probe, who)
    if f == "complaint":
        return ALLOW if reads(who, probe.complaint) else REFUSE
    if f == "complaint+handles":
        return ALLOW if reads(who, probe.complaint) and who.handles else REFUSE
    if f == "move":
        if not reads(who, probe.complaint):
            return REFUSE
        if probe.move not in world.open_moves[probe.complaint]:
            return ANY  # not open in this state (409), to whoever may read it
        permitted = who.handles and (probe.move not in MANAGER_MOVES or who.manages)
        return ALLOW if permitted else REFUSE
    if f == "admin-site":
        return ALLOW if who.staff else REFUSE
    if f == "admin-any":
        return ANY if who.staff else REFUSE
    if f == "admin-app":
        models = world.admin_apps.get(probe.model or "", [])
        return ALLOW if any(admin_may(who, m, "view", None) for m in models) else REFUSE
    if f == "admin-shortcut":
        # to the complaint's own page, which then decides (404: none to go to)
        return ANY if who.staff and reads(who, probe.complaint) else REFUSE
    if f == "admin-model":
        action = probe.action or "view"
        if action == "change" and method == "GET":  # the page, read-only without change
            may = admin_may(who, probe.model or "", "view", probe.complaint) or admin_may(
                who, probe.model or "", "change", probe.complaint
            )
        else:
            may = admin_may(who, probe.model or "", action, probe.complaint)
        return ALLOW if may else REFUSE
    raise ValueError(f"no expectation for the family {f!r}")


# ------------------------------------------------------------------ the world


@dataclass
class World:
    users: dict = field(default_factory=dict)  # identity name → user or None
    sessions: dict = field(default_factory=dict)  # identity name → session key
    tokens: dict = field(default_factory=dict)  # identity name → API key
    complaints: dict = field(default_factory=dict)  # OURS/THEIRS → Complaint
    secrets: dict = field(default_factory=dict)
    attachments: dict = field(default_factory=dict)
    letters: dict = field(default_factory=dict)  # OURS/THEIRS → a letter produced to post
    markers: dict = field(default_factory=dict)  # OURS/THEIRS → strings only it contains
    open_moves: dict = field(default_factory=dict)
    saved_view: int = 0
    improve: dict = field(default_factory=dict)  # root_cause, action, evidence → pk
    notice: int = 0
    admin_apps: dict = field(default_factory=dict)  # app label → [app.model, ...]
    objects: dict = field(default_factory=dict)  # app.model → pk of one object
    assurance: dict = field(default_factory=dict)  # plan, audit, review → pk


def build_world() -> World:
    """Two teams (Cards: the handler, managed by the team manager; Loans), a complaint
    of each with a file, every identity signed in (a session) and with an API token."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils import timezone

    from upheld.api.models import ApiToken
    from upheld.complaints import lifecycle
    from upheld.complaints.files import IncomingFile
    from upheld.complaints.models import Attachment, Category, RoutingRule
    from upheld.complaints.roles import AUDITOR, COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT
    from upheld.desk.queues.models import SavedView
    from upheld.notify.models import Notice
    from upheld.organisation.models import Membership, Organisation, Team

    User = get_user_model()  # noqa: N806
    world = World()
    groups = {
        "inactive handler": HANDLER,
        "handler": HANDLER,
        "team manager": COMPLAINTS_MANAGER,
        "complaints manager": COMPLAINTS_MANAGER,
        "top management": TOP_MANAGEMENT,
        "auditor": AUDITOR,
    }
    for name, who in IDENTITIES.items():
        if name == "anonymous":
            world.users[name] = None
            continue
        username = "matrix-" + name.replace(" ", "-")
        if who.superuser:
            user = User.objects.create_superuser(username, f"{username}@matrix.example", None)
        else:
            user = User.objects.create_user(username, f"{username}@matrix.example", None)
        if name in groups:
            user.groups.add(Group.objects.get(name=groups[name]))
        if name == "staff without a role":
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        world.users[name] = user
        world.tokens[name] = ApiToken.issue(user, name="matrix")[1]
        client = Client()
        client.force_login(user)
        world.sessions[name] = client.session.session_key
    inactive = world.users["inactive handler"]
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])

    cards, loans = Team.objects.create(name="Cards"), Team.objects.create(name="Loans")
    Membership.objects.create(team=cards, person=world.users["handler"])
    Membership.objects.create(team=cards, person=world.users["team manager"], role="manager")
    Membership.objects.create(team=cards, person=inactive)
    RoutingRule.objects.create(position=1, team=cards, product_contains="card")
    RoutingRule.objects.create(position=2, team=loans, product_contains="loan")
    Category.objects.get_or_create(name="Fees")
    for key, product in ((OURS, "Credit card"), (THEIRS, "Personal loan")):
        word = f"MATRIX{key.upper()}MARKER"
        email = f"{key}.complainant@matrix.example"
        complaint = lifecycle.receive(
            channel="web",
            description=f"{word}: a fee I never agreed to, charged twice.",
            complainant={"name": f"Matrix {key} complainant", "email": email},
            product=product,
            remedy_sought="Refund the fee.",
            attachments=[
                IncomingFile(f"{key}.pdf", f"%PDF-1.4 {word}".encode(), "application/pdf")
            ],
        )
        world.complaints[key] = complaint
        world.secrets[key] = complaint.secret
        world.attachments[key] = Attachment.objects.filter(complaint=complaint).first().pk
        world.markers[key] = (word, email)
        world.open_moves[key] = set(lifecycle.allowed_moves(complaint))
        world.letters[key] = _letter_to_post(complaint)
    assert world.complaints[OURS].team_id == cards.pk
    assert world.complaints[THEIRS].team_id == loans.pk
    world.saved_view = SavedView.objects.create(
        owner=world.users["handler"], name="Mine", queue="mine"
    ).pk
    world.notice = Notice.objects.create(
        recipient=world.users["handler"],
        kind="assigned",
        complaint=world.complaints[OURS],
        created_at=timezone.now(),
    ).pk
    world.assurance = _assurance_records(world)
    world.improve = _improvement(world)
    Organisation.current()
    for model in admin.site._registry:
        label = model._meta.label_lower
        world.admin_apps.setdefault(model._meta.app_label, []).append(label)
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            world.objects[label] = first.pk
    return world


def _assurance_records(world: World) -> dict:
    """An audit plan, an audit by the auditor with its sample drawn and a finding, and a
    review held by top management (upheld/assurance)."""
    from datetime import timedelta

    from django.utils import timezone

    from upheld.assurance import records

    today = timezone.localdate()
    start, end = today - timedelta(days=1), today + timedelta(days=1)
    auditor, top = world.users["auditor"], world.users["top management"]
    plan = records.plan_audit(
        by=world.users["complaints manager"], title="Matrix plan", start=start, end=end,
        scope="Every channel.", clauses=["7.2"], auditors=[auditor],
    )  # fmt: skip
    audit = records.schedule_audit(
        plan, by=auditor, auditor=auditor, planned_on=today, clauses=["7.2"], size=5, seed=1
    )
    records.draw_sample(audit, by=auditor)
    records.record_finding(audit, by=auditor, kind="observation", clause="7.2", statement="Seen.")
    review = records.hold_review(by=top, start=start, end=end, held_on=today, attendees=[top])
    return {"plan": plan.pk, "audit": audit.pk, "review": review.pk}


def _improvement(world: World) -> dict:
    """A concluded root cause analysis on our complaint and an action the handler owns,
    with a file of evidence (upheld.improve)."""
    from upheld.improve.actions import raise_action
    from upheld.improve.actions.common import organisation_calendar, today
    from upheld.improve.actions.evidence import add_evidence
    from upheld.improve.actions.root_causes import conclude, open_root_cause, record_analysis
    from upheld.taxonomy.models import Term

    manager = world.users["complaints manager"]
    cause = Term.objects.filter(taxonomy__dimension="cause").first()
    rc = open_root_cause(
        by=manager, title="Fees charged twice", owner=manager,
        complaints=[world.complaints[OURS].reference],
    )  # fmt: skip
    record_analysis(rc, by=manager, method="five_whys", notes="Why?", cause=cause.pk,
                    affects_others=False)  # fmt: skip
    conclude(rc, by=manager)
    due = organisation_calendar().business_days_after(today(), 10)
    action = raise_action(by=manager, what="Charge fees once", kind="corrective",
                          owner=world.users["handler"], due=due, origin="root_cause",
                          root_cause=rc)  # fmt: skip
    evidence = add_evidence(action, by=manager, filename="log.txt", content=b"Fees run once.\n")
    return {"root_cause": rc.pk, "action": action.pk, "evidence": evidence.pk}


def _letter_to_post(complaint) -> int:
    """A letter produced for the post room (the complainant gives a postal address too)."""
    from upheld.letters import service

    person = complaint.complainant
    person.postal_address = "1 Matrix Street\nLondon"
    person.save(update_fields=["postal_address"])
    letter = service.send(complaint, "progress_update", channel="post")
    service.OUTBOX.deliver(letter.pk)
    return letter.pk


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


def probes_of_api(world: World, document: dict) -> list[Probe]:
    """Every operation of the OpenAPI document, with a body that fits its schema."""
    probes = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = "api:" + operation["operationId"]
            family = family_of(name)
            if family is None:
                probes.append(Probe(name, "unclassified", method.upper(), path))
                continue
            body, multipart = None, False
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = minimal(content["application/json"]["schema"], document)
            elif "multipart/form-data" in content:
                multipart = True
            move = None
            if operation["operationId"].startswith("action_"):
                move = operation["operationId"].removeprefix("action_")
            targets = [(k, c.reference) for k, c in world.complaints.items()]
            for key, reference in targets if "{reference}" in path else [(None, None)]:
                filled = path.replace("{reference}", reference or "")
                probes.append(
                    Probe(
                        name,
                        family,
                        method.upper(),
                        filled,
                        complaint=key,
                        move=move,
                        body=body,
                        multipart=multipart,
                        api=True,
                    )
                )
    return probes


def minimal(schema: dict, document: dict):
    """The smallest value that fits a JSON schema: each required field, nothing else."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return minimal(document["components"]["schemas"][name], document)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return minimal(options[0], document) if options else None
    if "allOf" in schema:
        return minimal(schema["allOf"][0], document)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            k: minimal(v, document)
            for k, v in schema.get("properties", {}).items()
            if k in schema.get("required", [])
        }
    if kind == "array":
        return [minimal(schema.get("items", {}), document)] * schema.get("minItems", 0)
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), 1)
    if schema.get("format") == "date-time":
        return datetime.now(UTC).isoformat()
    if schema.get("format") == "date":
        return datetime.now(UTC).date().isoformat()
    if schema.get("format") == "email":
        return "someone@matrix.example"
    return "Matrix text." + "x" * max(schema.get("minLength", 0) - 12, 0)


# ------------------------------------------------------------------ asking


_addresses = itertools.count(1)
ALLOWED, REFUSED, NEUTRAL, ERROR = "allowed", "refused", "neutral", "server error"


def ask(world: World, identity: str, probe: Probe, path: str | None = None, depth: int = 0):
    """(outcome, status, body) of one request as `identity`, rolled back after."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    n = next(_addresses)
    address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
    client = Client(raise_request_exception=False, REMOTE_ADDR=address)
    headers = {}
    if probe.api and identity in world.tokens:
        headers["Authorization"] = f"Bearer {world.tokens[identity]}"
    elif identity in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[identity]
    path = path or probe.path
    with transaction.atomic():
        if probe.method == "GET" or depth:
            response = client.get(path, headers=headers)
        elif probe.multipart:
            upload = SimpleUploadedFile("m.pdf", b"%PDF-1.4 matrix", "application/pdf")
            response = client.post(path, {"files": [upload]}, headers=headers)
        elif probe.api:
            data = json.dumps(probe.body if probe.body is not None else {})
            response = client.generic(
                probe.method, path, data, content_type="application/json", headers=headers
            )
        else:
            response = client.post(path, POST_DATA.get(probe.name, {}), headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    status = response.status_code
    if status >= 500:
        return ERROR, status, body
    if 200 <= status < 300 or status == 409:  # 409: the complaint's state is told
        return ALLOWED, status, body
    if status in (401, 403, 404, 410):
        return REFUSED, status, body
    if 300 <= status < 400:
        target = urlsplit(response["Location"]).path
        signing_in = {reverse("login"), reverse("admin:login"), reverse("web:second_factor")}
        if target in signing_in or target.startswith(reverse("web:second_factor")):
            return REFUSED, status, b""
        if target == reverse("admin:index") and probe.family == "admin-model":
            return REFUSED, status, b""  # "no such object": the admin's own refusal
        acts = probe.family != "admin-model" or probe.action != "view"
        if probe.method != "GET" and not depth and acts:
            return ALLOWED, status, b""  # done, and sent on
        if depth >= 3:
            return ALLOWED, status, b""
        return ask(world, identity, probe, target, depth + 1)
    return NEUTRAL, status, body  # 400, 405, 422, 429: the request refused, nothing told


@dataclass
class Figures:
    requests: int = 0
    outcomes: Counter = field(default_factory=Counter)
    unexpected_allows: list = field(default_factory=list)
    not_opened: list = field(default_factory=list)
    server_errors: list = field(default_factory=list)
    unclassified: list = field(default_factory=list)
    urls: int = 0
    operations: int = 0

    @property
    def clean(self) -> bool:
        return not (
            self.unexpected_allows or self.not_opened or self.server_errors or self.unclassified
        )


# The sample `make test` asks (essential=True): every URL pattern, identity, complaint and
# method, but of the moves only these, and of the admin's models only those the table
# names (the others are the superuser's alone, through the same Django code).
SAMPLE_MOVES = {"acknowledge", "classify", "assign", "close"}


def essential(probe: Probe) -> bool:
    if probe.move is not None and probe.move not in SAMPLE_MOVES:
        return False
    return probe.family != "admin-model" or probe.model in (*ADMIN_MODELS, "auth.user")


def run(world: World, *, sample: int = 1, only_essential: bool = False) -> Figures:
    """Ask every probe as every identity (every `sample`-th probe when sample > 1; the
    essential ones only when asked)."""
    import logging

    from django.test import Client

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 4xx are the point
    logging.getLogger("django.security").setLevel(logging.CRITICAL)
    figures = Figures()
    document = Client().get("/api/v1/openapi.json").json()
    url_probes, figures.unclassified, figures.urls = probes_of_urls(world, set(document["paths"]))
    api_probes = probes_of_api(world, document)
    figures.operations = sum(len(ops) for ops in document["paths"].values())
    for probe in api_probes:
        if probe.family == "unclassified":
            figures.unclassified.append(f"{probe.name} {probe.method} {probe.path}")
    probes = [p for p in url_probes + api_probes if p.family != "unclassified"]
    if only_essential:
        probes = [p for p in probes if essential(p)]
    probes = probes[::sample]
    for probe, identity in itertools.product(probes, IDENTITIES):
        who = IDENTITIES[identity]
        wanted = expect(probe, who, world)
        outcome, status, body = ask(world, identity, probe)
        figures.requests += 1
        figures.outcomes[outcome] += 1
        what = f"{identity}: {probe.method} {probe.path} → {status}"
        if outcome == ERROR:
            figures.server_errors.append(what)
        elif outcome == ALLOWED and wanted == REFUSE:
            figures.unexpected_allows.append(f"{what} (family {probe.family})")
        elif outcome == REFUSED and wanted == ALLOW:
            figures.not_opened.append(f"{what} (family {probe.family})")
        if outcome == ALLOWED and body:
            shown = _shown(world, body)
            may = {k for k in world.complaints if reads(who, k)}
            if probe.family == "secret" and probe.right_secret:
                may.add(OURS)
            for key in sorted(shown - may):
                figures.unexpected_allows.append(f"{what} shows the {key} complaint")
    return figures


def _shown(world: World, body: bytes) -> set[str]:
    text = body.decode("utf-8", "replace")
    return {k for k, markers in world.markers.items() if any(m in text for m in markers)}


# ------------------------------------------------------------------ the drill


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-name", default="upheld_drill_authz")
    parser.add_argument("--sample", type=int, default=1, help="every n-th URL only")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import InProcess, report

    scratch = InProcess(args.db_name)
    try:
        started = time.monotonic()
        world = build_world()
        figures = run(world, sample=args.sample)
        seconds = time.monotonic() - started
        database = scratch.describe()
    finally:
        if not args.keep:
            scratch.drop()
    report(
        f"authorisation matrix, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {database}",
        f"{figures.urls} URL patterns and {figures.operations} API operations × "
        f"{len(IDENTITIES)} identities × own team's / another team's complaint",
        f"{figures.requests} requests in {seconds:.0f} s: "
        + ", ".join(f"{k} {v}" for k, v in sorted(figures.outcomes.items())),
        f"unexpected allows: {len(figures.unexpected_allows)}",
        *(f"  {line}" for line in figures.unexpected_allows[:200]),
        f"expected to open but refused: {len(figures.not_opened)}",
        *(f"  {line}" for line in figures.not_opened[:200]),
        f"server errors: {len(figures.server_errors)}",
        *(f"  {line}" for line in figures.server_errors[:50]),
        f"URLs with no line in the expectation table: {len(figures.unclassified)}",
        *(f"  {line}" for line in figures.unclassified),
    )
    sys.exit(0 if figures.clean else 1)


if __name__ == "__main__":
    main()
