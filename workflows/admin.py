"""Read-only admin pages for workflows and processes (the full console comes with the web UI)."""

from django.contrib import admin

from workflows.engine import operations
from workflows.models import EngineSettings, Process, ProcessInput, ProcessStep, Workflow


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Workflow)
class WorkflowAdmin(ReadOnlyAdmin):
    list_display = ["key", "description", "target", "is_task", "removed_at"]
    list_filter = ["target", "is_task"]
    search_fields = ["key", "description"]


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    fields = ["name", "group", "status", "started_at", "completed_at", "triggered_by", "retry_count", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProcessInputInline(admin.TabularInline):
    model = ProcessInput
    fields = ["kind", "data", "created_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin):
    list_display = ["id", "workflow", "status", "last_step", "created_by", "started_at", "last_modified_at"]
    list_filter = ["status", "is_task", "workflow"]
    search_fields = ["id", "workflow__key", "created_by"]
    date_hierarchy = "started_at"
    list_select_related = ["workflow"]
    inlines = [ProcessInputInline, ProcessStepInline]


@admin.register(EngineSettings)
class EngineSettingsAdmin(ReadOnlyAdmin):
    """Pausing goes through the engine (resuming re-queues what the pause held back)."""

    list_display = ["paused", "paused_by", "changed_at"]
    actions = ["pause", "resume"]

    @admin.action(description="Pause the engine (running steps finish, nothing new starts)")
    def pause(self, request, queryset):
        operations.pause_engine(request.user.get_username())
        self.message_user(request, "Engine paused")

    @admin.action(description="Resume the engine")
    def resume(self, request, queryset):
        count = operations.resume_engine(request.user.get_username())
        self.message_user(request, f"Engine resumed; {count} held process(es) queued")
