"""Workflows used by the engine's tests. Registered in the test process by tests/conftest.py
and in worker subprocesses through ENGINE_WORKFLOW_MODULES."""

import os
import time

from django import forms
from django.db import connection

from engine import (
    ChoiceListField,
    FormPage,
    State,
    begin,
    conditional,
    done,
    foreach_parallel,
    init,
    inputstep,
    parallel,
    retrystep,
    step,
    subworkflows,
    task,
    workflow,
)

EFFECTS_TABLE = "test_step_effects"


def record_effect(process_id: str, name: str) -> None:
    """A database effect of a step, to check that each step's effect lands exactly once."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {EFFECTS_TABLE} (process_id, step) VALUES (%s, %s)", [process_id, name])


@step("Effect one")
def effect_one(process_id: str) -> State:
    record_effect(process_id, "one")
    return {"one": 1}


@step("Slow effect two")
def slow_effect_two(process_id: str, sleep_seconds: float = 0) -> State:
    record_effect(process_id, "two")
    pid_file = os.environ.get("TEST_WORKER_PID_FILE")
    if pid_file:
        with open(pid_file, "a") as f:
            f.write(f"{os.getpid()}\n")
    time.sleep(sleep_seconds)
    return {"two": 2}


@step("Effect three")
def effect_three(process_id: str) -> State:
    record_effect(process_id, "three")
    return {"three": 3}


class SleepForm(FormPage):
    sleep_seconds = forms.FloatField(min_value=0, initial=0)


def sleep_form():
    return (yield SleepForm)


@task("Three steps with database effects", initial_input_form=sleep_form)
def task_effects():
    return begin >> effect_one >> slow_effect_two >> effect_three


@step("Fail unless fixed")
def fail_unless_fixed(process_id: str) -> State:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {EFFECTS_TABLE} WHERE process_id = %s AND step = 'fixed'", [process_id]
        )
        if cursor.fetchone()[0] == 0:
            raise RuntimeError("not fixed yet")
    return {"fixed": True}


@task("Fails until an operator fixes things")
def task_fail_until_fixed():
    return begin >> effect_one >> fail_unless_fixed


@retrystep("Retry later")
def retry_later(process_id: str) -> State:
    assert fail_unless_fixed.func is not None
    return fail_unless_fixed.func(process_id)


@task("A retry step")
def task_retry_step():
    return begin >> retry_later


class ConfirmForm(FormPage):
    title = "Confirm"
    confirmed = forms.BooleanField()


@inputstep("Confirm")
def confirm():
    user_input = yield ConfirmForm
    return user_input


@task("Suspends for input")
def task_suspend():
    return begin >> effect_one >> confirm >> effect_three


@step("Double item")
def double_item(item: int) -> State:
    return {"doubled": item * 2}


@step("Branch A")
def branch_a() -> State:
    return {"a": "A"}


@step("Branch B")
def branch_b(process_id: str) -> State:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {EFFECTS_TABLE} WHERE step = 'fixed'")
        if cursor.fetchone()[0] == 0:
            raise RuntimeError("branch B fails until fixed")
    return {"b": "B"}


@task("Parallel branches")
def task_parallel():
    return (
        begin
        >> parallel("Fan out", begin >> branch_a, begin >> branch_b)
        >> foreach_parallel("Each number", "numbers", double_item)
    )


@subworkflows("Start children")
def start_children() -> list:
    return [{"workflow": "task_effects", "input": [{"sleep_seconds": 0}]} for _ in range(2)]


@task("Sub-workflows")
def task_subworkflows():
    return begin >> start_children


class PickForm(FormPage):
    title = "Pick"
    count = forms.IntegerField(min_value=1, max_value=3)
    colours = ChoiceListField(
        choices=[("red", "Red"), ("blue", "Blue"), ("green", "Green")], min_items=1, max_items=2
    )

    def clean(self):
        data = super().clean()
        assert data is not None  # a Form's clean() returns its cleaned_data
        if data.get("count") and data.get("colours") and len(data["colours"]) > data["count"]:
            raise forms.ValidationError("Choose no more colours than count")
        return data


def pick_form():
    first = yield PickForm
    second = yield type("Name", (FormPage,), {"title": f"Name {first['count']}", "name": forms.CharField()})
    return {**first, **second}


@workflow("Plain workflow with a two-page form", initial_input_form=pick_form)
def plain_two_pages():
    return init >> conditional(lambda s: s["count"] > 1)(effect_one) >> done
