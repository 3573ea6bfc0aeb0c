"""A task that exercises every kind of step; the end-to-end tests run it through real workers.

form → greet → input step (suspend/resume) → conditional → callback (await, validate)
→ parallel branches → a step that fails once (retry) → done
"""

from django import forms

from engine import (
    FormPage,
    RequiredText,
    State,
    begin,
    callback_step,
    conditional,
    inputstep,
    parallel,
    step,
    task,
)
from engine.errors import InconsistentData
from engine.models import ProcessStep, StepStatus


class ShowcaseForm(FormPage):
    title = "Showcase"
    description = "Runs every kind of step the engine has."
    name = RequiredText(max_length=50, help_text="Who to greet")
    fail_once = forms.BooleanField(
        required=False, initial=True, help_text="Fail the flaky step the first time"
    )


def showcase_form():
    user_input = yield ShowcaseForm
    return user_input


@step("Greet")
def greet(name: str) -> State:
    return {"greeting": f"Hello {name}"}


class ColourForm(FormPage):
    title = "Pick a colour"
    colour = forms.ChoiceField(choices=[("red", "Red"), ("green", "Green"), ("blue", "Blue")])


@inputstep("Ask for a colour")
def ask_colour(greeting: str):
    user_input = yield ColourForm
    return {"colour": user_input["colour"]}


@step("Celebrate red")
def celebrate_red(colour: str) -> State:
    return {"celebrated": True}


@step("Hand the callback route to the external system")
def send_to_external_system(callback_route: str) -> State:
    # A real workflow would pass the route to e.g. an NRM job; here it is just recorded.
    return {"external_job": {"callback": callback_route}}


@step("Check the external system's answer")
def check_external_answer(callback_result: dict) -> State:
    if callback_result.get("status") != "ok":
        raise InconsistentData(f"external system answered {callback_result!r}; expected status 'ok'")
    return {"external_checked": True}


@step("Count letters")
def count_letters(name: str) -> State:
    return {"letters": len(name)}


@step("Shout")
def shout(greeting: str) -> State:
    return {"shouted": greeting.upper()}


@step("Flaky step")
def flaky_step(fail_once: bool, process_id: str) -> State:
    failed_before = ProcessStep.objects.filter(
        process_id=process_id, name="Flaky step", status=StepStatus.FAILED
    ).exists()
    if fail_once and not failed_before:
        raise RuntimeError("Deliberate failure: retry the process and this step passes")
    return {"flaky_passed": True}


@task("Showcase of every step kind", initial_input_form=showcase_form)
def task_showcase():
    return (
        begin
        >> greet
        >> ask_colour
        >> conditional(lambda state: state.get("colour") == "red")(celebrate_red)
        >> callback_step("External check", send_to_external_system, check_external_answer, timeout=600)
        >> parallel("Fan out", begin >> count_letters, begin >> shout)
        >> flaky_step
    )
