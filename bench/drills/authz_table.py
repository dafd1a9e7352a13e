"""The authorisation matrix's expectation table (bench/drills/authz_matrix.py): who each
identity is, what each family of URLs and each admin model lets it do, and what every
probe of a URL or an API operation should answer. A URL added to the site is classified
here (FAMILIES), or the matrix names it as unclassified."""

import fnmatch
from dataclasses import dataclass

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


CM_KEEPS = frozenset(
    {"category", "organisation", "rolesecondfactor", "template", "lettersettings"}
    # 5.2, 6.4: the courses, training records, the policy's versions and who acknowledged them
    | {"course", "trainingrecord", "policyversion", "policyacknowledgement"}
)
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
    # 5.2, 6.4 (complaints/roles.py): the complaints manager keeps the courses and the
    # training records; adds a policy version, never changes or deletes one (what was
    # published stays on record); reads who acknowledged which, which each person
    # records for themselves (/accounts/policy/): nobody adds one here
    "organisation.course": {a: "keeps" for a in ("view", "add", "change", "delete")},
    "organisation.trainingrecord": {a: "keeps" for a in ("view", "add", "change", "delete")},
    "organisation.policyversion": {"view": "keeps", "add": "keeps", "delete": NOBODY},
    "organisation.policyacknowledgement": {
        "view": "keeps",
        "add": NOBODY,
        "change": NOBODY,
        "delete": NOBODY,
    },
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
