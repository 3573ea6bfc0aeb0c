"""django-q2 schedules over REST: list, read, and change when they run (type, cron,
minutes, next run, repeats). What they run (func, args) stays code-defined (engine/sync.py),
so it is read-only here. Reading needs django_q.view_schedule, changing django_q.change_schedule,
as in the admin."""

from django.urls import path
from django_q.models import Schedule
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from common.api.serializers import ErrorSerializer


class ScheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Schedule
        fields = ["id", "name", "func", "schedule_type", "cron", "minutes", "next_run", "repeats", "task"]
        read_only_fields = ["id", "name", "func", "task"]

    def validate(self, attrs):
        schedule_type = attrs.get("schedule_type", getattr(self.instance, "schedule_type", None))
        cron = attrs.get("cron", getattr(self.instance, "cron", None))
        minutes = attrs.get("minutes", getattr(self.instance, "minutes", None))
        if schedule_type == Schedule.CRON and not cron:
            raise serializers.ValidationError(
                {"cron": "A cron schedule (schedule_type 'C') needs a cron expression, e.g. '0 3 * * *'"}
            )
        if schedule_type == Schedule.MINUTES and not minutes:
            raise serializers.ValidationError(
                {"minutes": "A minutes schedule (schedule_type 'I') needs minutes ≥ 1"}
            )
        if attrs.get("repeats", 0) < -1:
            raise serializers.ValidationError({"repeats": "repeats is n ≥ 0 runs left, or -1 for forever"})
        return attrs


class ScheduleModelPermission(BasePermission):
    """The admin's model permissions: view to read, change to update."""

    message = (
        "Schedules need the permission django_q.view_schedule to read and django_q.change_schedule to change"
    )

    def has_permission(self, request, view):
        action = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "change"
        self.message = f"This needs the permission django_q.{action}_schedule"
        return request.user.has_perm(f"django_q.{action}_schedule")


@extend_schema_view(
    list=extend_schema(responses={200: ScheduleSerializer(many=True), 403: ErrorSerializer}),
    retrieve=extend_schema(responses={200: ScheduleSerializer, 403: ErrorSerializer, 404: ErrorSerializer}),
    update=extend_schema(
        responses={200: ScheduleSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
    ),
    partial_update=extend_schema(
        responses={200: ScheduleSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
    ),
)
class ScheduleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    queryset = Schedule.objects.all()
    serializer_class = ScheduleSerializer
    permission_classes = [IsAuthenticated, ScheduleModelPermission]
    filterset_fields = ["schedule_type", "name"]
    search_fields = ["name", "func"]
    ordering_fields = ["name", "next_run"]
    ordering = ["name"]


urlpatterns = [
    path("schedules/", ScheduleViewSet.as_view({"get": "list"}), name="schedule-list"),
    path(
        "schedules/<int:pk>",
        ScheduleViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update"}),
        name="schedule-detail",
    ),
]
