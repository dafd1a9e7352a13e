"""The roles of ISO 10002 5.3, as Django groups with the permissions the lifecycle checks."""

HANDLE = "complaints.handle_complaint"
MANAGE = "complaints.manage_complaints"
VIEW = "complaints.view_complaint"
VIEW_TRAIL = "complaints.view_trail"
VIEW_REPORTS = "complaints.view_reports"
# Keeping the letter templates (each save a new version): the complaints manager's.
KEEP_LETTER_TEMPLATES = "letters.add_template"

COMPLAINTS_MANAGER = "Complaints manager"
HANDLER = "Handler"
TOP_MANAGEMENT = "Top management"
AUDITOR = "Auditor"

ROLES: dict[str, list[str]] = {
    # 5.3.2 the management representative: runs the process, edits the taxonomy.
    COMPLAINTS_MANAGER: [
        HANDLE,
        MANAGE,
        VIEW,
        VIEW_TRAIL,
        VIEW_REPORTS,
        "complaints.view_category",
        "complaints.add_category",
        "complaints.change_category",
        "complaints.view_event",
        "organisation.view_organisation",
        "organisation.change_organisation",
        # 5.2, 6.4: the policy's versions, the courses each role requires, training records
        *(
            f"organisation.{verb}_{model}"
            for model in ("course", "trainingrecord")
            for verb in ("view", "add", "change", "delete")
        ),
        "organisation.view_policyversion",
        "organisation.add_policyversion",
        "organisation.view_policyacknowledgement",
        # the letters' templates (each save a new version) and settings (ISO 10002 7.8)
        "letters.view_template",
        KEEP_LETTER_TEMPLATES,
        "letters.change_template",
        "letters.view_lettersettings",
        "letters.add_lettersettings",
        "letters.change_lettersettings",
        # who must sign in with a second factor (upheld/web/second_factor.py)
        "web.view_rolesecondfactor",
        "web.add_rolesecondfactor",
        "web.change_rolesecondfactor",
        "web.delete_rolesecondfactor",
        # 8.5, 8.6: plans the audit programme, holds management reviews (upheld/assurance)
        "assurance.plan_audits",
        "assurance.hold_reviews",
    ],
    # 5.3.4 people in contact with complainants.
    HANDLER: [HANDLE, VIEW, VIEW_TRAIL, "complaints.view_category"],
    # 5.3.1 top management: read-only and reports.
    TOP_MANAGEMENT: [VIEW, VIEW_REPORTS, "complaints.view_category", "assurance.hold_reviews"],
    # 8.5 auditors: read-only, the trail included.
    AUDITOR: [
        VIEW,
        VIEW_TRAIL,
        VIEW_REPORTS,
        "complaints.view_event",
        "complaints.view_category",
        "assurance.plan_audits",
        "assurance.conduct_audits",
    ],
}


def ensure_roles(**kwargs) -> None:
    """Create or complete the role groups (run after every migrate; idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.add(*wanted)


def sync_staff_flag(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Members of a role reach the admin (is_staff), where managers keep the taxonomy and
    settings and everyone reads complaints as their role allows; leaving every role
    takes that away again (superusers keep it)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from django.contrib.auth import get_user_model

    if reverse:  # group.user_set.add(...): the users are in pk_set
        users = list(get_user_model().objects.filter(pk__in=pk_set or []))
    else:
        users = [instance]
    for user in users:
        in_a_role = user.groups.filter(name__in=ROLES).exists()
        wanted = in_a_role or user.is_superuser
        if user.is_staff != wanted:
            user.is_staff = wanted
            user.save(update_fields=["is_staff"])
