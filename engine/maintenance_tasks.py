"""The engine's housekeeping as tasks an operator can start by hand (they also run on schedules)."""

from django import forms

from engine import FormPage, State, begin, maintenance, step, task


@step("Recover processes whose worker died")
def recover() -> State:
    return {"report": maintenance.recover_stuck_processes()}


@task("Recover processes whose worker died")
def task_recover_stuck_processes():
    return begin >> recover


@step("Retry waiting processes")
def retry_waiting() -> State:
    return {"report": maintenance.resume_waiting_processes()}


@task("Resume waiting processes")
def task_resume_workflows():
    return begin >> retry_waiting


@step("Fail callbacks past their timeout")
def time_out_callbacks() -> State:
    return {"report": maintenance.fail_expired_callbacks()}


@task("Time out stale callbacks")
def task_timeout_callbacks():
    return begin >> time_out_callbacks


class CleanUpForm(FormPage):
    title = "Clean up old tasks"
    older_than_days = forms.IntegerField(
        min_value=0, initial=30, help_text="Delete completed tasks older than this"
    )


def clean_up_form():
    user_input = yield CleanUpForm
    return user_input


@step("Delete old completed tasks")
def delete_old_tasks(older_than_days: int) -> State:
    return {"report": maintenance.clean_up_old_tasks(older_than_days)}


@task("Clean up old tasks", initial_input_form=clean_up_form)
def task_clean_up_tasks():
    return begin >> delete_old_tasks
