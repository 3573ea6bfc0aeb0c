import pytest
from django import forms

from engine import ChoiceListField, FormPage
from engine.errors import FormNotComplete, FormValidationError
from engine.forms import FormResult, NextPage, page_schema, post_form, replay, summary_page
from tests.engine_workflows import pick_form


def test_first_call_returns_the_first_page_as_json_schema():
    with pytest.raises(FormNotComplete) as exc:
        post_form(pick_form, {}, [])
    schema = exc.value.form
    assert schema["title"] == "Pick"
    assert schema["properties"]["count"] == {"title": "Count", "type": "integer", "minimum": 1, "maximum": 3}
    colours = schema["properties"]["colours"]
    assert colours["type"] == "array" and colours["minItems"] == 1 and colours["maxItems"] == 2
    assert colours["items"]["enum"] == ["red", "blue", "green"] and colours["uniqueItems"] is True
    assert set(schema["required"]) == {"count", "colours"}


def test_later_pages_depend_on_earlier_answers():
    with pytest.raises(FormNotComplete) as exc:
        post_form(pick_form, {}, [{"count": 2, "colours": ["red"]}])
    assert exc.value.form["title"] == "Name 2" and exc.value.page_index == 1


def test_complete_input_returns_the_merged_values():
    result = post_form(pick_form, {}, [{"count": 2, "colours": ["red", "blue"]}, {"name": "x"}])
    assert result.values == {"count": 2, "colours": ["red", "blue"], "name": "x"}


@pytest.mark.parametrize(
    "page, field, message",
    [
        ({"count": 0, "colours": ["red"]}, "count", "greater than or equal to 1"),
        ({"count": 2, "colours": ["red", "red"]}, "colours", "Each value may appear once; repeated: red"),
        ({"count": 3, "colours": ["red", "blue", "green"]}, "colours", "Choose at most 2; got 3"),
        ({"count": 2, "colours": ["pink"]}, "colours", "pink is not one of the available choices"),
        ({"count": 1, "colours": ["red", "blue"]}, "__root__", "Choose no more colours than count"),
        (
            {"count": 1, "colours": ["red"], "bogus": 1},
            "bogus",
            "Unknown field; this page's fields are: count, colours",
        ),
    ],
)
def test_invalid_input_names_the_field_and_what_is_allowed(page, field, message):
    with pytest.raises(FormValidationError) as exc:
        post_form(pick_form, {}, [page])
    assert any(e["loc"] == [field] and message in e["msg"] for e in exc.value.errors), exc.value.errors


def test_malformed_input_is_refused():
    with pytest.raises(FormValidationError, match="must be a list"):
        post_form(pick_form, {}, {"count": 1})  # type: ignore[arg-type]  # the wrong type is what the test is about
    with pytest.raises(FormValidationError, match="must be an object, got str"):
        post_form(pick_form, {}, ["count=1"])


def test_extra_pages_are_refused():
    with pytest.raises(FormValidationError, match="The form has 2 page"):
        post_form(pick_form, {}, [{"count": 1, "colours": ["red"]}, {"name": "x"}, {}])


def test_replay_returns_the_invalid_page_with_its_errors_for_the_wizard():
    outcome = replay(pick_form, {}, [{"count": 9, "colours": ["red"]}])
    assert (
        isinstance(outcome, NextPage)
        and outcome.index == 0
        and outcome.errors is not None
        and outcome.errors[0]["loc"] == ["count"]
    )
    assert isinstance(replay(None, {}, []), FormResult)


def test_read_only_fields_defaults_and_summary():
    class Page(FormPage):
        title = "Modify"
        name = forms.CharField(disabled=True, initial="node1", help_text="Cannot change")
        speed = forms.TypedChoiceField(choices=[(10, "10G"), (100, "100G")], coerce=int, initial=10)

    schema = page_schema(Page)
    assert schema["properties"]["name"] == {
        "title": "Name",
        "description": "Cannot change",
        "type": "string",
        "default": "node1",
        "readOnly": True,
    }
    assert (
        schema["properties"]["speed"]["enum"] == [10, 100]
        and schema["properties"]["speed"]["type"] == "integer"
    )
    assert schema["required"] == ["speed"]

    summary = page_schema(summary_page([("Name", "node1"), ("Speed", 10)]))
    assert summary["properties"]["summary"]["format"] == "summary"
    assert summary["properties"]["summary"]["default"]["rows"] == [["Name", "node1"], ["Speed", "10"]]


def test_choice_list_field_min_items():
    field = ChoiceListField(choices=[("a", "A")], min_items=1)
    with pytest.raises(forms.ValidationError):
        field.clean([])
