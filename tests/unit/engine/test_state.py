import enum
import uuid
from typing import Optional

import pytest

from engine import State, step
from engine.errors import StateError
from engine.state import convert, merge, to_json


class Colour(enum.Enum):
    RED = "red"


@step("Typed")
def typed(n: int, ident: uuid.UUID, colour: Colour, names: list[str], maybe: int | None = None) -> State:
    return {"sum": n + (maybe or 0), "ident": ident, "colour": colour, "names": names}


@step("Whole state")
def whole(state: State) -> State:
    return {"keys": sorted(state)}


def test_parameters_are_converted_to_their_annotations():
    ident = uuid.uuid4()
    new = typed.apply({"n": "2", "ident": str(ident), "colour": "red", "names": ["x"], "maybe": 3})
    assert new["sum"] == 5
    assert new["ident"] == str(ident)  # stored back as JSON
    assert new["colour"] == "red"


def test_a_parameter_named_state_gets_the_whole_state():
    assert whole.apply({"x": 1, "y": 2})["keys"] == ["x", "y"]


def test_missing_key_names_the_step_and_the_key():
    with pytest.raises(StateError, match=r"Step 'Typed' needs 'n' in the state, which has: colour"):
        typed.apply({"colour": "red"})


def test_wrong_type_names_step_parameter_and_value():
    with pytest.raises(StateError, match=r"Step 'Typed': parameter 'n' expects int, got 'abc' \(str\)"):
        typed.apply({"n": "abc", "ident": str(uuid.uuid4()), "colour": "red", "names": []})
    with pytest.raises(StateError, match=r"parameter 'colour' expects Colour, got 'purple'"):
        typed.apply({"n": 1, "ident": str(uuid.uuid4()), "colour": "purple", "names": []})


def test_convert_refuses_silent_coercions():
    with pytest.raises(TypeError):
        convert(bool, "yes")
    with pytest.raises(ValueError):
        convert(int, 1.5)
    with pytest.raises(TypeError):
        convert(list[int], "1,2")
    assert convert(Optional[int], None) is None  # noqa: UP045 (the old spelling must convert too)
    assert convert(dict[str, int], {"a": "1"}) == {"a": 1}


def test_merge_updates_and_keeps_other_keys():
    assert merge({"a": 1, "b": 2}, {"b": 3, "c": 4}, "s") == {"a": 1, "b": 3, "c": 4}
    assert merge({"a": 1}, None, "s") == {"a": 1}


def test_a_step_must_return_a_dict():
    with pytest.raises(StateError, match="returned a list; a step returns a dict or None"):
        merge({}, [1], "s")  # type: ignore[arg-type]  # the wrong type is what the test is about


def test_to_json_refuses_what_json_cannot_hold():
    with pytest.raises(TypeError, match="cannot store a object"):
        to_json({"x": object()})
