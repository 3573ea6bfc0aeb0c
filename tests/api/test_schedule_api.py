"""/api/schedules/: django-q2 schedules, read with django_q.view_schedule, changed with
django_q.change_schedule; what a schedule runs stays read-only."""

import pytest
from django_q.models import Schedule

from tests.api.conftest import grant, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule():
    return Schedule.objects.create(
        name="test nightly",
        func="workflows.tasks.nothing",
        schedule_type=Schedule.CRON,
        cron="0 3 * * *",
        repeats=-1,
    )


@pytest.fixture
def schedule_reader(viewer_user):
    return token_client(grant(viewer_user, "django_q.view_schedule"))


@pytest.fixture
def schedule_editor(viewer_user):
    return token_client(grant(viewer_user, "django_q.view_schedule", "django_q.change_schedule"))


def test_anonymous_gets_401(anonymous, schedule):
    assert anonymous.get("/api/schedules/").status_code == 401
    assert anonymous.patch(f"/api/schedules/{schedule.pk}", {"repeats": 3}, format="json").status_code == 401


def test_without_the_view_permission_403(viewer, schedule):
    response = viewer.get("/api/schedules/")
    assert response.status_code == 403
    assert "django_q.view_schedule" in response.json()["detail"]
    assert viewer.get(f"/api/schedules/{schedule.pk}").status_code == 403


def test_reader_lists_and_retrieves(schedule_reader, schedule):
    body = schedule_reader.get("/api/schedules/?page_size=1000").json()
    listed = next(s for s in body["results"] if s["id"] == schedule.pk)
    assert (
        listed["name"] == "test nightly" and listed["schedule_type"] == "C" and listed["cron"] == "0 3 * * *"
    )
    detail = schedule_reader.get(f"/api/schedules/{schedule.pk}").json()
    assert detail["func"] == "workflows.tasks.nothing" and detail["repeats"] == -1
    assert schedule_reader.get("/api/schedules/999999").status_code == 404


def test_reader_may_not_change(schedule_reader, schedule):
    response = schedule_reader.patch(f"/api/schedules/{schedule.pk}", {"repeats": 3}, format="json")
    assert response.status_code == 403
    assert "django_q.change_schedule" in response.json()["detail"]
    assert Schedule.objects.get(pk=schedule.pk).repeats == -1


def test_editor_changes_when_it_runs_not_what(schedule_editor, schedule):
    response = schedule_editor.patch(
        f"/api/schedules/{schedule.pk}",
        {"cron": "30 4 * * 1", "repeats": 5, "next_run": "2030-01-01T04:30:00Z", "func": "os.system"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    saved = Schedule.objects.get(pk=schedule.pk)
    assert (saved.cron, saved.repeats, saved.func) == ("30 4 * * 1", 5, "workflows.tasks.nothing")
    assert saved.next_run.year == 2030
    response = schedule_editor.put(
        f"/api/schedules/{schedule.pk}",
        {"schedule_type": "I", "minutes": 15, "cron": None, "repeats": -1},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert Schedule.objects.get(pk=schedule.pk).schedule_type == Schedule.MINUTES


@pytest.mark.parametrize(
    "change, field",
    [
        ({"cron": "not a cron"}, "cron"),
        ({"schedule_type": "X"}, "schedule_type"),
        ({"schedule_type": "I", "minutes": None}, "minutes"),
        ({"repeats": -5}, "repeats"),
        ({"next_run": "tomorrow"}, "next_run"),
    ],
)
def test_bad_input_gets_400_and_writes_nothing(schedule_editor, schedule, change, field):
    response = schedule_editor.patch(f"/api/schedules/{schedule.pk}", change, format="json")
    assert response.status_code == 400
    assert field in str(response.json())
    saved = Schedule.objects.get(pk=schedule.pk)
    assert (saved.schedule_type, saved.cron, saved.repeats) == ("C", "0 3 * * *", -1)


def test_in_the_openapi_schema(anonymous):
    paths = anonymous.get("/api/schema/?format=json").json()["paths"]
    assert set(paths["/api/schedules/{id}"]) >= {"get", "put", "patch"}
    assert "get" in paths["/api/schedules/"]
