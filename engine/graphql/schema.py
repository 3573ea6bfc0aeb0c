import graphene

from common.graphql.paging import filtered, page_type, paginate, paging_arguments, sorted_by
from engine.filtersets import ProcessFilterSet, WorkflowFilterSet
from engine.graphql.types import ProcessType, WorkflowType, remember_processes
from engine.models import Process, Workflow

ProcessPage = page_type("ProcessPage", ProcessType)
PROCESS_SORT_FIELDS = ["started_at", "last_modified_at", "status", "workflow__key", "created_by"]


class WorkflowsQuery(graphene.ObjectType):
    processes = graphene.Field(
        ProcessPage,
        required=True,
        status=graphene.List(graphene.String),
        workflow=graphene.String(description="A workflow key"),
        is_task=graphene.Boolean(),
        created_by=graphene.String(),
        started_after=graphene.DateTime(),
        started_before=graphene.DateTime(),
        **paging_arguments(),
    )
    process = graphene.Field(ProcessType, id=graphene.UUID(required=True))
    workflows = graphene.List(
        graphene.NonNull(WorkflowType),
        required=True,
        target=graphene.String(),
        is_task=graphene.Boolean(),
        product=graphene.Int(),
        include_removed=graphene.Boolean(),
    )

    def resolve_processes(root, info, first, after, sort_by=None, **filters):
        processes = Process.objects.select_related("workflow").prefetch_related(
            "process_subscriptions__subscription__product", "process_subscriptions__subscription__customer"
        )
        queryset = filtered(ProcessFilterSet, processes, filters, info.context)
        items, page_info = paginate(sorted_by(queryset, sort_by, PROCESS_SORT_FIELDS), first, after)
        return {"page": remember_processes(info, items), "page_info": page_info}

    def resolve_process(root, info, id):
        return (
            Process.objects.select_related("workflow")
            .prefetch_related("steps", "process_subscriptions__subscription__product")
            .filter(pk=id)
            .first()
        )

    def resolve_workflows(root, info, **filters):
        return filtered(
            WorkflowFilterSet, Workflow.objects.prefetch_related("products"), filters, info.context
        )
