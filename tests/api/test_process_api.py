"""The process protocol of the Workflow Orchestrator: start 201/510/400, resume and retry
204/409, abort, callbacks, listing and detail; who may do what."""

import pytest

from engine.models import Process, ProcessStatus
from engine.operations import pause_engine
from tests.actors import person
from tests.api.conftest import grant, token_client

pytestmark = pytest.mark.django_db

S = ProcessStatus


def start(client, key, inputs):
    return client.post(f"/api/processes/{key}", inputs, format="json")


def started(client, inline_engine, key, inputs) -> Process:
    response = start(client, key, inputs)
    assert response.status_code == 201, response.content
    inline_engine.drain()
    return Process.objects.get(pk=response.json()["id"])


# --- Starting -----------------------------------------------------------------------------


def test_start_answers_201_with_the_id_and_runs_the_process(operator, inline_engine, effects_table):
    response = start(operator, "task_effects", [{"sleep_seconds": 0}])
    assert response.status_code == 201
    process = Process.objects.get(pk=response.json()["id"])
    assert process.created_by == "operator"
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == S.COMPLETED


def test_start_without_input_answers_510_with_the_first_page(operator):
    response = start(operator, "plain_two_pages", [])
    assert response.status_code == 510
    body = response.json()
    assert body["form"]["title"] == "Pick"
    assert body["form"]["required"] == ["count", "colours"]
    assert body["form"]["properties"]["colours"]["items"]["enum"] == ["red", "blue", "green"]
    assert body["meta"] == {"page_index": 0}
    assert not Process.objects.exists()


def test_start_with_one_page_answers_510_with_the_page_that_depends_on_it(operator):
    response = start(operator, "plain_two_pages", [{"count": 2, "colours": ["red"]}])
    assert response.status_code == 510
    assert response.json()["form"]["title"] == "Name 2"
    assert response.json()["meta"] == {"page_index": 1}


def test_start_with_every_page_answers_201(operator, inline_engine, effects_table):
    process = started(
        operator, inline_engine, "plain_two_pages", [{"count": 2, "colours": ["red"]}, {"name": "x"}]
    )
    assert process.status == S.COMPLETED
    assert process.state["name"] == "x"


@pytest.mark.parametrize(
    ("inputs", "field", "message"),
    [
        ([{"count": 9, "colours": ["red"]}], "count", "less than or equal to 3"),
        ([{"count": 1, "colours": ["red", "blue"]}], "__root__", "Choose no more colours than count"),
        ([{"count": 1, "colours": ["pink"]}], "colours", "pink is not one of the available choices"),
        (
            [{"count": 1, "colours": ["red"], "shade": 1}],
            "shade",
            "Unknown field; this page's fields are: count, colours",
        ),
        (
            [{"count": 1, "colours": ["red"]}, {"name": "x"}, {}],
            "__root__",
            "The form has 2 page(s); 3 were sent",
        ),
        ({"count": 1}, "__root__", "Send a JSON list with one object per form page"),
        (["not an object"], "__root__", "A page's input must be an object, got str"),
    ],
)
def test_invalid_input_answers_400_with_validation_errors_and_writes_nothing(
    operator, inputs, field, message
):
    response = start(operator, "plain_two_pages", inputs)
    assert response.status_code == 400, response.content
    errors = response.json()["validation_errors"]
    assert any(e["loc"] == [field] and message in e["msg"] for e in errors), errors
    assert not Process.objects.exists()


def test_unknown_workflow_answers_404_naming_the_known_ones(operator):
    response = start(operator, "no_such_workflow", [])
    assert response.status_code == 404
    assert "Unknown workflow 'no_such_workflow'; known workflows:" in response.json()["detail"]
    assert "task_effects" in response.json()["detail"]


def test_paused_engine_answers_503(operator):
    pause_engine(actor=person("someone"))
    response = start(operator, "task_effects", [{"sleep_seconds": 0}])
    assert response.status_code == 503
    assert "paused" in response.json()["detail"]


# --- Who may start ------------------------------------------------------------------------


def test_anonymous_gets_401(anonymous):
    response = start(anonymous, "task_effects", [{"sleep_seconds": 0}])
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_gets_401(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert anonymous.get("/api/processes/").status_code == 401


def test_a_user_without_the_workflow_permission_gets_403(viewer):
    response = start(viewer, "task_effects", [{"sleep_seconds": 0}])
    assert response.status_code == 403
    assert "workflows.run_task_effects" in response.json()["detail"]
    assert not Process.objects.exists()


def test_the_permission_of_one_workflow_allows_that_one_only(viewer_user, inline_engine, effects_table):
    client = token_client(grant(viewer_user, "workflows.run_task_effects"), keyword="Bearer")
    assert start(client, "task_effects", [{"sleep_seconds": 0}]).status_code == 201
    assert start(client, "plain_two_pages", []).status_code == 403


def test_a_logged_in_session_works_too(operator_user, inline_engine, effects_table):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=False)
    client.force_login(operator_user)
    assert start(client, "task_effects", [{"sleep_seconds": 0}]).status_code == 201


# --- Resume, retry, abort ----------------------------------------------------------------


def test_resume_a_suspended_process_with_its_form(operator, inline_engine, effects_table):
    process = started(operator, inline_engine, "task_suspend", [])
    assert process.status == S.SUSPENDED
    detail = operator.get(f"/api/processes/{process.pk}").json()
    assert detail["form"]["title"] == "Confirm"
    assert detail["form"]["required"] == ["confirmed"]

    response = operator.put(f"/api/processes/{process.pk}/resume", [], format="json")
    assert response.status_code == 510
    assert response.json()["form"]["title"] == "Confirm"
    response = operator.put(f"/api/processes/{process.pk}/resume", [{"confirmed": False}], format="json")
    assert response.status_code == 400
    assert response.json()["validation_errors"] == [
        {"loc": ["confirmed"], "msg": "This field is required.", "type": "required"}
    ]

    response = operator.put(f"/api/processes/{process.pk}/resume", [{"confirmed": True}], format="json")
    assert response.status_code == 204
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == S.COMPLETED


def test_resume_a_completed_process_answers_409(operator, inline_engine, effects_table):
    process = started(operator, inline_engine, "task_effects", [{"sleep_seconds": 0}])
    response = operator.put(f"/api/processes/{process.pk}/resume", [], format="json")
    assert response.status_code == 409
    assert "only a suspended process takes input" in response.json()["detail"]


def test_resume_with_an_empty_list_retries_a_failed_process(operator, inline_engine, effects_table):
    process = started(operator, inline_engine, "task_fail_until_fixed", [])
    assert process.status == S.FAILED
    response = operator.put(f"/api/processes/{process.pk}/resume", [{"x": 1}], format="json")
    assert response.status_code == 400
    assert "a retry takes no input" in response.json()["validation_errors"][0]["msg"]

    response = operator.put(f"/api/processes/{process.pk}/resume", [], format="json")
    assert response.status_code == 204
    process.refresh_from_db()
    assert process.status == S.RESUMED
    assert process.triggered_by == "retry by operator"


def test_resume_of_an_unknown_process_answers_404(operator):
    response = operator.put("/api/processes/00000000-0000-0000-0000-000000000000/resume", [], format="json")
    assert response.status_code == 404


def test_resume_needs_the_workflow_permission(viewer, operator, inline_engine, effects_table):
    process = started(operator, inline_engine, "task_suspend", [])
    response = viewer.put(f"/api/processes/{process.pk}/resume", [{"confirmed": True}], format="json")
    assert response.status_code == 403


def test_abort_then_abort_again(operator, inline_engine, effects_table):
    process = started(operator, inline_engine, "task_suspend", [])
    response = operator.put(f"/api/processes/{process.pk}/abort", {"reason": "not needed"}, format="json")
    assert response.status_code == 204
    process.refresh_from_db()
    assert process.status == S.ABORTED
    assert process.failed_reason == "Aborted by operator: not needed"
    response = operator.put(f"/api/processes/{process.pk}/abort", format="json")
    assert response.status_code == 409


# --- Callbacks -------------------------------------------------------------------------


def test_callback_progress_and_result_need_the_token_not_a_login(operator, anonymous, inline_engine):
    process = started(operator, inline_engine, "task_showcase", [{"name": "Ada", "fail_once": False}])
    operator.put(f"/api/processes/{process.pk}/resume", [{"colour": "red"}], format="json")
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == S.AWAITING_CALLBACK
    route = process.state["callback_route"]
    assert route.startswith(f"/api/processes/{process.pk}/callback/")

    assert (
        anonymous.post(route.rsplit("/", 1)[0] + "/wrong", {"status": "ok"}, format="json").status_code == 404
    )
    assert anonymous.post(f"{route}/progress", {"done": 50}, format="json").status_code == 204
    process.refresh_from_db()
    assert process.callback_progress == {"done": 50}
    assert anonymous.post(route, ["not", "an object"], format="json").status_code == 400
    assert anonymous.post(route, {"status": "ok"}, format="json").status_code == 204
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == S.COMPLETED
    assert anonymous.post(route, {"status": "ok"}, format="json").status_code == 404


# --- Reading ----------------------------------------------------------------------------


def test_detail_shows_steps_with_state_and_delta(operator, inline_engine, effects_table):
    process = started(operator, inline_engine, "task_effects", [{"sleep_seconds": 0}])
    body = operator.get(f"/api/processes/{process.pk}").json()
    assert body["workflow_key"] == "task_effects"
    assert body["status"] == "completed"
    assert [s["name"] for s in body["steps"]] == [
        "Start",
        "Effect one",
        "Slow effect two",
        "Effect three",
        "Done",
    ]
    assert body["steps"][1]["delta"] == {"one": 1}
    assert body["steps"][1]["state"]["one"] == 1
    assert body["current_state"]["three"] == 3
    assert body["form"] is None


def test_detail_of_an_unknown_process_answers_404(operator):
    assert operator.get("/api/processes/00000000-0000-0000-0000-000000000000").status_code == 404


def test_list_filters_sorts_and_pages(operator, viewer, inline_engine, effects_table):
    done = started(operator, inline_engine, "task_effects", [{"sleep_seconds": 0}])
    suspended = started(operator, inline_engine, "task_suspend", [])
    failed = started(operator, inline_engine, "task_fail_until_fixed", [])

    def ids(query):
        response = viewer.get(f"/api/processes/?{query}")
        assert response.status_code == 200, response.content
        return [p["id"] for p in response.json()["results"]]

    assert ids("status=suspended&status=failed&ordering=started_at") == [str(suspended.pk), str(failed.pk)]
    assert ids("workflow=task_effects") == [str(done.pk)]
    assert ids("search=fail_until") == [str(failed.pk)]
    assert ids("ordering=-started_at&page_size=1&page=2") == [str(suspended.pk)]
    assert viewer.get("/api/processes/?status=sleeping").status_code == 400
    assert viewer.get("/api/processes/?page=99").status_code == 404


@pytest.mark.parametrize(
    ("started_after", "status"),
    [("0806-07-25T00:18:21.84+16:36", 200), ("0001-01-01T00:10:00+16:00", 400), ("yesterday", 400)],
)
def test_date_filters_take_any_iso_offset_and_refuse_what_is_out_of_range(viewer, started_after, status):
    """Found by schemathesis: PostgreSQL stores offsets up to ±15:59 only, so the filter converts to UTC."""
    response = viewer.get("/api/processes/", {"started_after": started_after})
    assert response.status_code == status
    if status == 400:
        assert "started_after" in response.json()["detail"]
