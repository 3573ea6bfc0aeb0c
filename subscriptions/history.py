"""History rows that name the process and step that made each change.

The engine runs every step inside `history_context(process, step_name, user)`; every
historical record written inside it (subscriptions, customers, blocks, also when written
in bulk by the tree saver) gets the process id and step name in its own columns and in
the change reason, and the process's initiator as history user. Workers have no request,
so without this simple-history would record neither who nor why.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
from typing import Any

from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class ProcessHistoryFields(models.Model):
    """Extra columns on every historical model of this project: which process and step."""

    history_process_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    history_step = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        abstract = True


def process_history(**kwargs) -> HistoricalRecords:
    """HistoricalRecords with the process columns and an unbounded change reason."""
    return HistoricalRecords(
        bases=[ProcessHistoryFields], history_change_reason_field=models.TextField(null=True), **kwargs
    )


@dataclasses.dataclass
class HistoryStamp:
    process_id: str
    step_name: str
    user: Any = None  # a User, a user id, a username, or None
    _resolved_user: Any = dataclasses.field(default=None, init=False)
    _user_resolved: bool = dataclasses.field(default=False, init=False)

    @property
    def change_reason(self) -> str:
        return f"process {self.process_id} step {self.step_name!r}"

    def history_user(self):
        """The user object, looked up once and only when something is actually written."""
        if not self._user_resolved:
            self._resolved_user = _resolve_user(self.user)
            self._user_resolved = True
        return self._resolved_user

    def historical_attrs(self) -> dict:
        return {"history_process_id": self.process_id, "history_step": self.step_name}


_current_stamp: contextvars.ContextVar[HistoryStamp | None] = contextvars.ContextVar(
    "history_stamp", default=None
)


@contextlib.contextmanager
def history_context(process, step_name: str, user=None):
    """Attribute every history row written inside to `process` (an object with a pk, or an id)."""
    process_id = getattr(process, "pk", process)
    stamp = HistoryStamp(str(process_id), step_name, user)
    resolved = _resolved_users(process) if isinstance(user, (str, int)) else None
    if resolved is not None and user in resolved:
        stamp._resolved_user, stamp._user_resolved = resolved[user], True
    token = _current_stamp.set(stamp)
    try:
        yield
    finally:
        _current_stamp.reset(token)
        if resolved is not None and stamp._user_resolved:
            resolved[user] = stamp._resolved_user


def _resolved_users(process) -> dict | None:
    """The users already looked up for this process object: a worker keeps one object for the
    steps of a run, so the initiator is read once per run, not once per step that writes history."""
    attributes = getattr(process, "__dict__", None)  # None for an id (str, UUID)
    return attributes.setdefault("_history_users", {}) if attributes is not None else None


def current_stamp() -> HistoryStamp | None:
    return _current_stamp.get()


@receiver(pre_create_historical_record)
def _stamp_historical_record(sender, history_instance, **kwargs):
    stamp = _current_stamp.get()
    if stamp is None:
        return
    if hasattr(history_instance, "history_process_id"):
        history_instance.history_process_id = stamp.process_id
        history_instance.history_step = stamp.step_name
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = stamp.change_reason
    if history_instance.history_user_id is None:
        history_instance.history_user = stamp.history_user()


def _resolve_user(user):
    if user is None or user == "":
        return None
    if isinstance(user, models.Model):
        return user
    from django.contrib.auth import get_user_model

    model = get_user_model()
    if isinstance(user, int):
        return model._default_manager.filter(pk=user).first()
    return model._default_manager.filter(**{model.USERNAME_FIELD: str(user)}).first()
