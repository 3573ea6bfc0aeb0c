"""Running totals behind the step duration histogram (see monitoring.step_durations)."""

from django.db import models


class StepDurationTotal(models.Model):
    """Cumulative histogram of step durations for one workflow and step outcome.

    Prometheus histograms are counters: they only grow, also when old processes are
    deleted by the clean-up task. So the totals live here and new step rows are folded in.
    """

    workflow = models.CharField(max_length=100)
    step_status = models.CharField(max_length=20)
    # Counts per upper bound of monitoring.step_durations.BUCKETS (not cumulative), and +Inf last.
    bucket_counts = models.JSONField(default=list)
    count = models.BigIntegerField(default=0)
    sum_seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workflow", "step_status"], name="one_total_per_outcome")
        ]


class StepDurationCursor(models.Model):
    """A single row: how far the step rows have been folded into the totals.

    Rows up to `counted_up_to` are counted. `horizon` is the highest step id seen at an
    earlier scrape, at `horizon_seen_at`: once that is a settling period old, every step
    up to it has committed (ids are taken when a step's transaction inserts its row,
    which commits milliseconds later), so it can be counted without missing one.
    """

    counted_up_to = models.BigIntegerField(default=0)
    horizon = models.BigIntegerField(default=0)
    horizon_seen_at = models.DateTimeField(null=True)
