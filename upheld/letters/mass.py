"""Mass runs done by the worker (mass_runs.py): `start` records the run and enqueues its
first batch; each batch job does the next BATCH complaints, one transaction each, records
the progress, and enqueues the next until none is left. A holding response goes through
the lifecycle's move (the clock it meets, the trail, the checked letter); a progress update
goes as the clocks' do: the complainant's way, from its template (writer.py)."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from upheld.complaints import lifecycle
from upheld.complaints.errors import IllegalMove, InvalidInput, NotPermitted, fmt
from upheld.complaints.lifecycle import written_way
from upheld.complaints.models import Complaint

from . import mass_runs, writer
from .kinds import Kind
from .mass_runs import MassRun

BATCH = mass_runs.BATCH

KEPT_REFUSALS = 50


def start(action: str, complaints, *, by, context: dict | None = None) -> MassRun:
    """Record a run over `complaints` (a queryset or ids) and enqueue its first batch."""
    if action not in MassRun.Action.values:
        raise InvalidInput({"action": _("Choose holding responses or progress updates.")})
    context = dict(context or {})
    if action == MassRun.Action.HOLDING_RESPONSE:
        errors = {}
        if not str(context.get("reason", "")).strip():
            errors["reason"] = _("Say why the final responses are not ready yet.")
        try:
            date.fromisoformat(str(context.get("expected_by", "")))
        except ValueError:
            errors["expected_by"] = _("Give the date the final responses are expected by.")
        if errors:
            raise InvalidInput(errors)
    ids = [c if isinstance(c, int) else c.pk for c in complaints]
    with transaction.atomic():
        run = MassRun.objects.create(
            action=action, context=context, complaint_ids=ids, total=len(ids), started_by=by
        )
        step.enqueue(run.pk)  # the job's row commits with the run's (django-tasks-db)
    return run


def _one(run: MassRun, complaint: Complaint) -> None:
    if run.action == MassRun.Action.HOLDING_RESPONSE:
        lifecycle.send_holding_response(
            complaint,
            by=run.started_by,
            reason=run.context["reason"],
            expected_by=date.fromisoformat(run.context["expected_by"]),
        )
    else:  # the clocks' progress update, by the complainant's way (writer.py)
        way = written_way(complaint.complainant)
        if not way:
            raise InvalidInput(
                {
                    "complainant": fmt(
                        _("The complainant of {reference} has no e-mail or postal address."),
                        reference=complaint.reference,
                    )
                }
            )
        with transaction.atomic():
            writer.send(complaint, Kind.PROGRESS_UPDATE, way=way, by=run.started_by)


def do_batch(run_id: int) -> bool:
    """Do the next batch of the run; True when more is left."""
    run = MassRun.objects.select_related("started_by").get(pk=run_id)
    ids = run.complaint_ids[run.handled : run.handled + BATCH]
    found = Complaint.objects.select_related("complainant").in_bulk(ids)
    done, refusals = 0, []
    for pk in ids:
        complaint = found.get(pk)
        try:
            if complaint is None:
                raise InvalidInput({"complaint": _("There is no such complaint.")})
            _one(run, complaint)
            done += 1
        except (InvalidInput, IllegalMove, NotPermitted) as refused:
            reference = complaint.reference if complaint is not None else str(pk)
            refusals.append({"complaint": reference, "why": str(refused)})
    room = max(KEPT_REFUSALS - len(run.refusals), 0)
    MassRun.objects.filter(pk=run.pk).update(
        done=F("done") + done,
        refused=F("refused") + len(refusals),
        refusals=run.refusals + refusals[:room],
    )
    more = run.handled + len(ids) < run.total
    if not more:
        MassRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    return more


@task()
def step(run_id: int) -> str:
    """One batch, then the next batch's job (the worker runs them one after another)."""
    if do_batch(run_id):
        step.enqueue(run_id)
        return "batch done; more to do"
    return "finished"
