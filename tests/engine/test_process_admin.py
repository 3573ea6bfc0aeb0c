import pytest
from django.urls import reverse

from engine import operations as ops
from engine.models import EngineSettings
from tests.actors import TESTS

pytestmark = pytest.mark.django_db


def test_process_pages_show_the_step_log(admin_client, inline_engine):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    listing = admin_client.get(reverse("admin:workflows_process_changelist"))
    assert listing.status_code == 200 and "task_suspend" in listing.content.decode()
    detail = admin_client.get(reverse("admin:workflows_process_change", args=[process.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200 and "Effect one" in body and "suspend" in body


def test_engine_pause_and_resume_actions(admin_client):
    settings = EngineSettings.get()
    url = reverse("admin:workflows_enginesettings_changelist")
    admin_client.post(url, {"action": "pause", "_selected_action": [settings.pk]})
    assert EngineSettings.get().paused is True
    admin_client.post(url, {"action": "resume", "_selected_action": [settings.pk]})
    assert EngineSettings.get().paused is False
