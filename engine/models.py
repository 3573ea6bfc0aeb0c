"""What the engine stores: workflows, processes, their steps and inputs, leases, engine settings."""

import uuid

from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition


class Workflow(models.Model):
    """A workflow declared in code, mirrored here on every migrate (see engine.sync)."""

    key = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=255)
    target = models.CharField(max_length=16)
    is_task = models.BooleanField(default=False)
    # The products this workflow is offered for (products never import workflows).
    products = models.ManyToManyField("products.Product", related_name="workflows", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the code no longer declares the workflow: kept so old processes stay readable.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class ProcessStatus(models.TextChoices):
    CREATED = "created"
    RUNNING = "running"
    SUSPENDED = "suspended"
    WAITING = "waiting"
    AWAITING_CALLBACK = "awaiting_callback"
    ABORTED = "aborted"
    FAILED = "failed"
    API_UNAVAILABLE = "api_unavailable"
    INCONSISTENT_DATA = "inconsistent_data"
    COMPLETED = "completed"
    RESUMED = "resumed"


S = ProcessStatus
RETRYABLE = [S.FAILED, S.WAITING, S.API_UNAVAILABLE, S.INCONSISTENT_DATA]
UNFINISHED = [
    S.CREATED,
    S.RUNNING,
    S.SUSPENDED,
    S.WAITING,
    S.AWAITING_CALLBACK,
    S.FAILED,
    S.API_UNAVAILABLE,
    S.INCONSISTENT_DATA,
    S.RESUMED,
]
# Statuses in which a worker may pick the process up (running: a recovered one).
RUNNABLE = [S.CREATED, S.RESUMED, S.RUNNING]


class Process(models.Model):
    """One run of a workflow. Status changes only through the transitions below."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="processes")
    status = FSMField(default=S.CREATED, choices=ProcessStatus.choices, protected=False, db_index=True)
    is_task = models.BooleanField(default=False, db_index=True)
    # The names of the steps the process started with, and the index of the next one.
    plan = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)
    state = models.JSONField(default=dict)
    last_step = models.CharField(max_length=255, blank=True)
    failed_reason = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    created_by = models.CharField(max_length=150, default="system")
    triggered_by = models.CharField(max_length=200, blank=True, help_text="What set it running last")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_modified_at = models.DateTimeField(auto_now=True)
    note = models.TextField(blank=True)
    # Parallel branches and sub-workflows are child processes of the step that started them.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    parent_position = models.PositiveIntegerField(null=True, blank=True)
    branch_path = models.JSONField(null=True, blank=True)
    recovery_count = models.PositiveIntegerField(default=0)
    callback_deadline = models.DateTimeField(null=True, blank=True)
    callback_progress = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "processes"
        indexes = [models.Index(fields=["status", "last_modified_at"])]

    def __str__(self):
        return f"{self.workflow_id and self.workflow.key} {self.id}"

    @property
    def is_finished(self) -> bool:
        return self.status in (S.COMPLETED, S.ABORTED)

    # --- Transitions (the runner and the operator actions call these) --------------------

    @transition(status, source=[S.CREATED, S.RESUMED, S.RUNNING], target=S.RUNNING)
    def run(self):
        pass

    @transition(status, source=S.RUNNING, target=S.SUSPENDED)
    def suspend(self):
        pass

    @transition(status, source=S.RUNNING, target=S.WAITING)
    def wait(self):
        pass

    @transition(status, source=S.RUNNING, target=S.AWAITING_CALLBACK)
    def await_callback(self):
        pass

    @transition(status, source=[S.RUNNING, S.AWAITING_CALLBACK, S.WAITING], target=S.FAILED)
    def fail(self):
        pass

    @transition(status, source=S.RUNNING, target=S.API_UNAVAILABLE)
    def api_unavailable(self):
        pass

    @transition(status, source=S.RUNNING, target=S.INCONSISTENT_DATA)
    def inconsistent_data(self):
        pass

    @transition(status, source=S.RUNNING, target=S.COMPLETED)
    def complete(self):
        pass

    @transition(status, source=[S.SUSPENDED, S.AWAITING_CALLBACK, *RETRYABLE, S.RUNNING], target=S.RESUMED)
    def resume(self):
        """Queued to run again (after input, a callback, a retry, a skip or an engine pause)."""

    @transition(status, source=UNFINISHED, target=S.ABORTED)
    def abort(self):
        pass


class StepStatus(models.TextChoices):
    SUCCESS = "success"
    SKIPPED = "skipped"
    SUSPEND = "suspend"
    WAITING = "waiting"
    AWAITING_CALLBACK = "awaiting_callback"
    FAILED = "failed"
    ABORT = "abort"
    COMPLETE = "complete"


class ProcessStep(models.Model):
    """One executed step: its outcome, the full state after it (or the error), who ran it."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=255)
    group = models.CharField(max_length=255, blank=True)
    position = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=StepStatus.choices)
    state = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField()
    triggered_by = models.CharField(max_length=200, blank=True)
    code_version = models.CharField(max_length=64, blank=True)
    # A step that fails again with the same error bumps this instead of adding a row.
    retry_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["process", "id"]
        indexes = [models.Index(fields=["process", "id"])]

    def __str__(self):
        return f"{self.name} ({self.status})"

    @property
    def duration_ms(self) -> float:
        return (self.completed_at - self.started_at).total_seconds() * 1000


class ProcessInput(models.Model):
    """User input as it was submitted: the initial form pages, a resume form, a callback."""

    class Kind(models.TextChoices):
        INITIAL = "initial"
        RESUME = "resume"
        CALLBACK = "callback"

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="inputs")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    data = models.JSONField()
    created_by = models.CharField(max_length=150, default="system")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class ProcessLease(models.Model):
    """Which worker runs a process, until when. Kept apart from Process so that renewing
    it never waits on the row lock a running step holds on the process."""

    process = models.OneToOneField(Process, on_delete=models.CASCADE, primary_key=True, related_name="lease")
    owner = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(db_index=True)


class EngineSettings(models.Model):
    """A single row: whether the engine is paused (running steps finish, nothing new starts)."""

    paused = models.BooleanField(default=False)
    paused_by = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "engine settings"

    @classmethod
    def get(cls) -> "EngineSettings":
        return cls.objects.get_or_create(pk=1)[0]


class ProcessSubscription(models.Model):
    """A subscription a process works on. While the process is unfinished it holds the
    subscription: no other subscription workflow may start on it (see lifecycle.gating)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="process_subscriptions")
    subscription = models.ForeignKey(
        "subscriptions.Subscription", on_delete=models.CASCADE, related_name="process_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "subscription"], name="process_subscription_unique")
        ]

    def __str__(self):
        return f"{self.process_id} ↔ {self.subscription_id}"
