"""The engine's django-q2 schedules: created on migrate, nightly validation at a time of day."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule

from engine.sync import ENGINE_SCHEDULES, MOVED_SCHEDULE_FUNCS, declared_schedules, sync_schedules

pytestmark = pytest.mark.django_db


def test_every_engine_schedule_exists_after_migrate_and_repeats_forever():
    assert set(Schedule.objects.values_list("name", flat=True)) >= set(declared_schedules())
    assert all(s.repeats == -1 for s in Schedule.objects.filter(name__in=declared_schedules()))


def test_validate_all_subscriptions_runs_nightly_at_the_configured_time():
    schedule = Schedule.objects.get(name="Validate all subscriptions")
    assert schedule.schedule_type == Schedule.CRON and schedule.cron == "0 2 * * *"
    assert schedule.func == "workflows.tasks.validate_subscriptions.start_nightly_validation"
    first = timezone.localtime(schedule.next_run)
    assert (first.hour, first.minute) == (2, 0)
    assert timezone.now() < schedule.next_run <= timezone.now() + timedelta(days=1)


def test_another_time_of_day_applies_to_a_new_database(settings):
    Schedule.objects.filter(name="Validate all subscriptions").delete()
    func, _ = settings.SCHEDULES["Validate all subscriptions"]
    settings.SCHEDULES = {**settings.SCHEDULES, "Validate all subscriptions": (func, "30 23 * * 1-5")}
    sync_schedules()
    schedule = Schedule.objects.get(name="Validate all subscriptions")
    assert schedule.cron == "30 23 * * 1-5"
    assert timezone.localtime(schedule.next_run).weekday() < 5
    assert isinstance(schedule.next_run, datetime)


def test_an_operators_new_time_is_kept_on_the_next_migrate():
    Schedule.objects.filter(name="Validate all subscriptions").update(cron="15 4 * * *")
    sync_schedules()
    assert Schedule.objects.get(name="Validate all subscriptions").cron == "15 4 * * *"


def test_a_schedule_whose_function_moved_points_at_the_new_path_with_its_timing_kept():
    """The engine left the workflows package: rows made before name the old paths."""
    name = "Recover processes whose worker died"
    Schedule.objects.filter(name=name).update(
        func="workflows.engine.maintenance.recover_stuck_processes", minutes=7
    )
    sync_schedules()
    schedule = Schedule.objects.get(name=name)
    assert schedule.func == ENGINE_SCHEDULES[name][0] == "engine.maintenance.recover_stuck_processes"
    assert schedule.minutes == 7
    assert all(new.startswith("engine.") for new in MOVED_SCHEDULE_FUNCS.values())
