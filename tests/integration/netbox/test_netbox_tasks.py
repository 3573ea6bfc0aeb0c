"""The NetBox bootstrap and wipe tasks, run by the engine against the real sandbox."""

import pytest

from engine import operations as ops
from engine.errors import FormNotComplete, FormValidationError
from engine.models import Process
from netbox_integration.operations import filter
from netbox_integration.payloads import SitePayload
from tests.actors import TESTS, person

pytestmark = [pytest.mark.integration, pytest.mark.netbox, pytest.mark.django_db]


def run(inline_engine, key, inputs):
    process = ops.start_process(key, inputs, actor=person("operator"))
    inline_engine.drain()
    return Process.objects.get(pk=process.pk)


def test_bootstrap_task_reports_what_it_created_then_that_nothing_was_needed(clean_netbox, inline_engine):
    first = run(inline_engine, "task_netbox_bootstrap", [])
    assert first.status == "completed", first.failed_reason
    assert "Site Amsterdam" in " ".join(first.state["created"]) or first.state["created"]
    assert sorted(s.name for s in filter(SitePayload)) == ["Amsterdam", "London", "Madrid", "Paris", "Rome"]
    second = run(inline_engine, "task_netbox_bootstrap", [])
    assert second.state["created"] == [] and second.state["summary"].startswith("NetBox already bootstrapped")


def test_wipe_task_demands_the_annihilate_box_and_then_empties_netbox(clean_netbox, inline_engine):
    run(inline_engine, "task_netbox_bootstrap", [])
    with pytest.raises(FormNotComplete) as page:
        ops.start_process("task_netbox_wipe", [], actor=TESTS)
    assert "annihilate" in page.value.form["required"]
    with pytest.raises(FormValidationError, match="annihilate: This field is required"):
        ops.start_process("task_netbox_wipe", [{"annihilate": False}], actor=TESTS)
    assert filter(SitePayload)  # nothing was deleted by the refused attempts
    wiped = run(inline_engine, "task_netbox_wipe", [{"annihilate": True}])
    assert wiped.status == "completed", wiped.failed_reason
    assert filter(SitePayload) == []
