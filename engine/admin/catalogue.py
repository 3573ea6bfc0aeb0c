"""The workflow catalogue (declared in code, mirrored on migrate) and the engine switch."""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engine import operations
from engine.admin.processes import ReadOnlyAdmin
from engine.errors import EngineError
from engine.models import EngineSettings, Workflow


@admin.register(Workflow)
class WorkflowAdmin(ReadOnlyAdmin):
    list_display = ["key", "description", "target", "is_task", "product_list", "process_count", "removed_at"]
    list_filter = ["target", "is_task", "products"]
    search_fields = ["key", "description"]
    # Every field shown is read-only: one list of names for both.
    fields = readonly_fields = (
        "key",
        "description",
        "target",
        "is_task",
        "product_list",
        "process_count",
        "created_at",
        "removed_at",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("products")
            .annotate(n_processes=Count("processes"))
        )

    @admin.display(description=gettext_lazy("Products"))
    def product_list(self, obj):
        products = list(obj.products.all())
        if not products:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:products_product_change", args=[p.pk]), p.name) for p in products),
        )

    @admin.display(description=gettext_lazy("Processes"), ordering="n_processes")
    def process_count(self, obj):
        url = reverse("admin:workflows_process_changelist") + f"?workflow__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.n_processes)


@admin.register(EngineSettings)
class EngineSettingsAdmin(ReadOnlyAdmin):
    """Pausing goes through the engine (resuming re-queues what the pause held back)."""

    list_display = ["paused", "paused_by", "changed_at"]
    actions = ["pause", "resume"]

    @admin.action(description=gettext_lazy("Pause the engine (running steps finish, nothing new starts)"))
    def pause(self, request, queryset):
        try:
            operations.pause_engine(actor=request.user)
        except EngineError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, _("Engine paused"))

    @admin.action(description=gettext_lazy("Resume the engine"))
    def resume(self, request, queryset):
        try:
            count = operations.resume_engine(actor=request.user)
        except EngineError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(
                request, _("Engine resumed; %(count)s held process(es) queued") % {"count": count}
            )
