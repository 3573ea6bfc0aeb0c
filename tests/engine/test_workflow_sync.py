import pytest

from engine.models import Workflow
from engine.sync import sync_schedules, sync_workflows
from engine.workflow import _registry, get_workflow

pytestmark = pytest.mark.django_db


def test_migrate_registered_every_declared_workflow():
    keys = set(Workflow.objects.filter(removed_at=None).values_list("key", flat=True))
    assert {"task_showcase", "task_clean_up_tasks", "task_recover_stuck_processes"} <= keys
    assert Workflow.objects.get(key="task_showcase").is_task is True


def test_sync_is_idempotent_and_marks_removed_workflows(monkeypatch):
    sync_workflows()
    assert sync_workflows() == {"created": [], "updated": [], "removed": [], "restored": []}
    definition = get_workflow("task_effects")
    monkeypatch.delitem(_registry, "task_effects")
    assert sync_workflows()["removed"] == ["task_effects"]
    assert Workflow.objects.get(key="task_effects").removed_at is not None  # kept for its processes
    monkeypatch.setitem(_registry, "task_effects", definition)
    assert sync_workflows()["restored"] == ["task_effects"]
    assert Workflow.objects.get(key="task_effects").removed_at is None


def test_engine_schedules_exist_and_operator_edits_are_kept():
    from django_q.models import Schedule

    recover = Schedule.objects.get(name="Recover processes whose worker died")
    assert recover.func == "engine.maintenance.recover_stuck_processes" and recover.minutes == 1
    Schedule.objects.filter(pk=recover.pk).update(minutes=5)
    sync_schedules()
    assert Schedule.objects.get(pk=recover.pk).minutes == 5
