"""The operator's console: the Django admin site with a start page and the engine switch.

The start page answers "what needs me?": subscriptions by product and status, processes
by status, the failed and suspended processes that wait for someone, and whether the
engine runs. Each number links to the list it counts. Its query count does not grow with
the data (a few GROUP BY queries and one bounded list).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: How many of the processes that need someone the start page lists (the rest: "all …").
NEEDS_SOMEONE_SHOWN = 15


class ConsoleSite(admin.AdminSite):
    site_header = gettext_lazy("nrenorch console")
    site_title = "nrenorch"
    index_title = gettext_lazy("Start")
    index_template = "admin/console_index.html"
    enable_nav_sidebar = False  # the console has its own navigation bar

    def get_urls(self):
        own = [
            path("engine/pause/", self.admin_view(self.pause_engine_view), name="engine_pause"),
            path("engine/resume/", self.admin_view(self.resume_engine_view), name="engine_resume"),
            path("catalogue/blocks/", self.admin_view(self.product_blocks_view), name="product_blocks"),
        ]
        return own + super().get_urls()

    def index(self, request, extra_context=None):
        return super().index(request, {**start_page_context(), **(extra_context or {})})

    def pause_engine_view(self, request):
        from engine import operations
        from engine.errors import EngineError

        if request.method == "POST":
            try:
                operations.pause_engine(actor=request.user)
            except EngineError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.warning(request, _("Engine paused: running steps finish, nothing new starts"))
        return HttpResponseRedirect(reverse("admin:index"))

    def resume_engine_view(self, request):
        from engine import operations
        from engine.errors import EngineError

        if request.method == "POST":
            try:
                count = operations.resume_engine(actor=request.user)
            except EngineError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request, _("Engine resumed; %(count)s held process(es) queued") % {"count": count}
                )
        return HttpResponseRedirect(reverse("admin:index"))

    def product_blocks_view(self, request):
        from products.block_pages import block_catalogue

        context = {**self.each_context(request), "title": _("Product blocks"), "blocks": block_catalogue()}
        return TemplateResponse(request, "admin/products/product_blocks.html", context)


def start_page_context() -> dict:
    from engine.admin.processes import NEEDS_SOMEONE
    from engine.models import EngineSettings, Process
    from subscriptions.models import Subscription

    by_product: dict = defaultdict(dict)
    statuses = set()
    rows = Subscription.objects.values("product_id", "product__name", "status").annotate(n=Count("id"))
    for row in rows.order_by("product__name"):
        by_product[(row["product_id"], row["product__name"])][row["status"]] = row["n"]
        statuses.add(row["status"])
    status_order = [
        s
        for s in ("initial", "provisioning", "active", "disabled", "migrating", "terminated")
        if s in statuses
    ]
    subscription_table = [
        {
            "product_id": pid,
            "product": name,
            "counts": [(s, counts.get(s, 0)) for s in status_order],
            "total": sum(counts.values()),
        }
        for (pid, name), counts in by_product.items()
    ]

    process_counts = {
        (r["is_task"], r["status"]): r["n"]
        for r in Process.objects.values("is_task", "status").annotate(n=Count("id"))
    }
    process_statuses = sorted({status for _task, status in process_counts})
    process_table = [
        {
            "status": s,
            "processes": process_counts.get((False, s), 0),
            "tasks": process_counts.get((True, s), 0),
        }
        for s in process_statuses
    ]
    waiting = (
        Process.objects.filter(status__in=NEEDS_SOMEONE)
        .select_related("workflow")
        .order_by("-last_modified_at")
    )
    engine = EngineSettings.get()
    return {
        "subscription_statuses": status_order,
        "subscription_table": subscription_table,
        "process_table": process_table,
        "needs_someone": list(waiting[:NEEDS_SOMEONE_SHOWN]),
        "needs_someone_total": sum(
            process_counts.get((t, s), 0) for t in (False, True) for s in NEEDS_SOMEONE
        ),
        "needs_someone_statuses": ",".join(NEEDS_SOMEONE),
        "engine": engine,
        "running_count": sum(process_counts.get((t, "running"), 0) for t in (False, True)),
    }
