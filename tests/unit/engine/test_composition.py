import pytest

from engine import begin, conditional, done, focussteps, init, step, step_group
from engine.steps import StepKind, StepList


@step("A")
def a():
    return {"a": 1}


@step("B")
def b(a: int):
    return {"b": a + 1}


@step("C")
def c():
    return None


def test_rshift_builds_step_lists_and_begin_is_empty():
    assert len(begin) == 0
    assert (begin >> a >> b).names == ["A", "B"]
    assert (a >> b).names == ["A", "B"]


def test_composition_is_associative():
    assert ((a >> b) >> c) == (a >> (b >> c))
    assert (begin >> (a >> b) >> c).names == ["A", "B", "C"]


def test_composing_with_something_else_says_what_is_allowed():
    with pytest.raises(TypeError, match="use a @step function or a StepList"):
        begin >> 42


def test_init_and_done():
    steps = init >> a >> done
    assert steps.names == ["Start", "A", "Done"]
    assert steps[-1].kind == StepKind.DONE


def test_conditional_wraps_steps_and_lists():
    skipped = conditional(lambda s: bool(s.get("go")))(a)
    assert not skipped.should_run({}) and skipped.should_run({"go": True})
    both = conditional(lambda s: bool(s.get("go")))(a >> b)
    assert isinstance(both, StepList) and all(not s.should_run({}) for s in both)


def test_nested_conditions_all_must_hold():
    inner = conditional(lambda s: bool(s.get("x")))(a)
    outer = conditional(lambda s: bool(s.get("y")))(inner)
    assert not outer.should_run({"x": True}) and outer.should_run({"x": True, "y": True})


def test_step_group_labels_steps_and_keeps_them_resumable_one_by_one():
    group = step_group("Group", a >> b)
    assert group.names == ["A", "B"] and {s.group for s in group} == {"Group"}


def test_focussteps_run_against_a_nested_dict():
    focused = focussteps("sub")(b)
    assert focused[0].apply({"sub": {"a": 41}, "other": 1}) == {"sub": {"a": 41, "b": 42}, "other": 1}


def test_find_by_name_and_occurrence():
    steps = begin >> a >> b >> a
    assert steps.find("A", 1) is steps[2]
    assert steps.find("A", 2) is None
