"""Filters for the API listings of processes and workflows (`?status=failed&workflow=…`)."""

import django_filters

from engine.models import Process, ProcessStatus, Workflow
from engine.workflow import Target
from subscriptions.filtersets import UtcDateTimeFilter


class ProcessFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=ProcessStatus.choices, help_text="One or more statuses"
    )
    workflow = django_filters.CharFilter(field_name="workflow__key", help_text="A workflow key")
    is_task = django_filters.BooleanFilter()
    created_by = django_filters.CharFilter()
    started_after = UtcDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_before = UtcDateTimeFilter(field_name="started_at", lookup_expr="lt")
    subscription = django_filters.UUIDFilter(
        field_name="process_subscriptions__subscription_id",
        help_text="Processes that worked on this subscription",
    )

    class Meta:
        model = Process
        fields = [
            "status",
            "workflow",
            "is_task",
            "created_by",
            "started_after",
            "started_before",
            "subscription",
        ]


class WorkflowFilterSet(django_filters.FilterSet):
    target = django_filters.ChoiceFilter(choices=[(t.value, t.value) for t in Target])
    is_task = django_filters.BooleanFilter()
    product = django_filters.NumberFilter(field_name="products", help_text="A product id")
    include_removed = django_filters.BooleanFilter(
        method="filter_removed", help_text="Also list workflows the code no longer declares"
    )

    class Meta:
        model = Workflow
        fields = ["target", "is_task", "product", "include_removed"]

    def filter_removed(self, queryset, name, value):
        return queryset  # applied in `qs`: the default (absent) must hide removed workflows too

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("include_removed"):
            queryset = queryset.filter(removed_at__isnull=True)
        return queryset
