"""The authorisation matrix's world (bench/drills/authz_matrix.py): two teams, a complaint
of each with its files, letters, tasks, improvement and assurance records, and every
identity signed in with a session and an API token."""

from dataclasses import dataclass, field

from authz_table import IDENTITIES, OURS, THEIRS

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
