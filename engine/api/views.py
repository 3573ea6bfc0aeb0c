"""Processes, workflows and the engine switch over REST, as the Workflow Orchestrator's
clients expect them (docs/api.md): start answers 201/510/400, resume 204/409, …"""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.exceptions import HTTP_510_NOT_EXTENDED
from common.api.serializers import (
    ErrorSerializer,
    FormInputSerializer,
    FormNotCompleteSerializer,
    FormValidationErrorSerializer,
)
from engine import operations
from engine.api.serializers import (
    EngineStatusSerializer,
    ProcessAbortSerializer,
    ProcessCreatedSerializer,
    ProcessDetailSerializer,
    ProcessSerializer,
    WorkflowDetailSerializer,
    WorkflowSerializer,
)
from engine.errors import FormValidationError, ProcessNotFound
from engine.filtersets import ProcessFilterSet, WorkflowFilterSet
from engine.models import RETRYABLE, EngineSettings, Process, ProcessSubscription, Workflow
from engine.workflow import get_workflow

FORM_RESPONSES = {
    HTTP_510_NOT_EXTENDED: OpenApiResponse(FormNotCompleteSerializer, description="More form pages to fill"),
    400: OpenApiResponse(FormValidationErrorSerializer, description="Invalid form input"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed to run this workflow"),
    404: OpenApiResponse(ErrorSerializer, description="No such workflow or process"),
    503: OpenApiResponse(ErrorSerializer, description="The engine is paused"),
}


def form_inputs(data) -> list:
    """The request body as a list of page inputs, or a 400 that says what is expected."""
    if data is None or data == {} or data == "":
        return []
    if not isinstance(data, list):
        raise FormValidationError(
            [{"loc": ["__root__"], "msg": "Send a JSON list with one object per form page", "type": "type"}],
            0,
        )
    return data


class ProcessViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    # The links with their subscriptions' products and customers in one query (orchestrator-core's
    # fields of a process's subscriptions): the same number of queries as without them.
    queryset = Process.objects.select_related("workflow").prefetch_related(
        Prefetch(
            "process_subscriptions",
            queryset=ProcessSubscription.objects.select_related(
                "subscription__product", "subscription__customer"
            ),
        )
    )
    serializer_class = ProcessSerializer
    filterset_class = ProcessFilterSet
    search_fields = ["workflow__key", "workflow__description", "created_by", "failed_reason", "note"]
    ordering_fields = ["started_at", "last_modified_at", "status", "workflow__key", "created_by"]
    ordering = ["-started_at"]

    def get_serializer_class(self):
        return ProcessDetailSerializer if self.action == "retrieve" else ProcessSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("steps") if self.action == "retrieve" else queryset

    def _process(self, pk) -> Process:
        try:
            return Process.objects.select_related("workflow").get(pk=pk)
        except Process.DoesNotExist:
            raise ProcessNotFound(pk) from None

    @extend_schema(exclude=True)
    def no_such_process(self, request, workflow_key: str):
        """GET of processes/<not a UUID>: the path is a workflow key's, which can only be POSTed to."""
        raise ProcessNotFound(workflow_key)

    @extend_schema(
        request=FormInputSerializer,
        responses={201: ProcessCreatedSerializer, **FORM_RESPONSES},
        description="Start a process: the body lists every form page's input so far. 201 with the new "
        "process id, 510 with the next page's JSON Schema when more input is needed, 400 when input is "
        "invalid.",
    )
    def start(self, request, workflow_key: str):
        get_workflow(workflow_key)  # 404 for an unknown workflow, before the body is read
        # The engine checks the permission: 403 (PermissionRefused) naming it.
        process = operations.start_process(workflow_key, form_inputs(request.data), actor=request.user)
        return Response({"id": str(process.pk)}, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=FormInputSerializer,
        responses={
            204: None,
            409: OpenApiResponse(ErrorSerializer, description="Not resumable"),
            **FORM_RESPONSES,
        },
        description="Resume a suspended process with the input its step asks for, or retry a failed or "
        "waiting "
        "one (empty body). 409 when the process is in a status that can be neither.",
    )
    def resume(self, request, pk):
        process = self._process(pk)
        inputs = form_inputs(request.data)
        if process.status in RETRYABLE:
            if inputs:
                raise FormValidationError(
                    [
                        {
                            "loc": ["__root__"],
                            "msg": f"A {process.status} process is retried, and a retry takes no "
                            "input: send an empty list",
                            "type": "no_input",
                        }
                    ],
                    0,
                )
            operations.retry_process(process.pk, actor=request.user)
        else:
            operations.resume_process(process.pk, inputs, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=ProcessAbortSerializer,
        responses={
            204: None,
            409: OpenApiResponse(ErrorSerializer, description="Already finished"),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        description="Abort an unfinished process; its subscriptions stay out of sync, visibly.",
    )
    def abort(self, request, pk):
        process = self._process(pk)
        serializer = ProcessAbortSerializer(data=request.data if isinstance(request.data, dict) else {})
        serializer.is_valid(raise_exception=True)
        operations.abort_process(process.pk, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProcessCallbackViewSet(viewsets.ViewSet):
    """Called by external systems: the token in the URL is the credential, no login."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            204: None,
            400: ErrorSerializer,
            404: OpenApiResponse(ErrorSerializer, description="Bad token"),
        },
        description="Deliver the result an external system was asked for; it lands in "
        "state['callback_result'].",
    )
    def callback(self, request, pk, token: str):
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": "Send a JSON object as the callback result"})
        operations.deliver_callback(pk, token, request.data)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=OpenApiTypes.ANY,
        responses={204: None, 404: OpenApiResponse(ErrorSerializer, description="Bad token")},
        description="Report progress while the external system works; shown on the process.",
    )
    def progress(self, request, pk, token: str):
        operations.report_callback_progress(pk, token, request.data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkflowViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Workflow.objects.prefetch_related("products")
    serializer_class = WorkflowSerializer
    filterset_class = WorkflowFilterSet
    search_fields = ["key", "description"]
    ordering_fields = ["key", "target", "created_at"]
    ordering = ["key"]

    def get_serializer_class(self):
        return WorkflowDetailSerializer if self.action == "retrieve" else WorkflowSerializer


class EngineStatusView(APIView):
    """GET the engine's state; PUT `{"global_lock": true}` to pause it, false to resume."""

    serializer_class = EngineStatusSerializer

    @extend_schema(responses=EngineStatusSerializer)
    def get(self, request):
        return Response(EngineStatusSerializer.describe(EngineSettings.get()))

    @extend_schema(
        request=EngineStatusSerializer, responses={200: EngineStatusSerializer, 403: ErrorSerializer}
    )
    def put(self, request):
        serializer = EngineStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["global_lock"]:  # the engine checks workflows.change_enginesettings
            operations.pause_engine(actor=request.user)
        else:
            operations.resume_engine(actor=request.user)
        return Response(EngineStatusSerializer.describe(EngineSettings.get()))
