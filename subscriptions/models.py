"""Customers and subscriptions: one customer's instance of a product, with its lifecycle.

The status changes only through the transitions below (the field is protected); each
transition checks the whole block tree against the target state first. `version` makes
saves optimistic: a save based on an older version than the database holds is refused.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models.signals import class_prepared, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django_fsm import FSMField, transition

from subscriptions import block_tree, relations
from subscriptions.change_tracking import TracksChanges
from subscriptions.history import process_history
from subscriptions.lifecycle import (
    DependsOnTerminated,
    IncompleteBlocks,
    InUseByLiveSubscriptions,
    StaleSubscription,
    SubscriptionLifecycle,
)
from subscriptions.product_types import register_product_type

S = SubscriptionLifecycle


class Customer(models.Model):
    name = models.CharField(max_length=255, unique=True)
    short_code = models.CharField(max_length=32, unique=True)

    history = process_history()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


subscription_history = process_history()


class Subscription(TracksChanges):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="subscriptions")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="subscriptions")
    description = models.CharField(max_length=255, blank=True, default="")
    status = FSMField(default=S.INITIAL, choices=S.choices, protected=True, editable=False, db_index=True)
    insync = models.BooleanField(default=False)
    start_date = models.DateTimeField(null=True, blank=True)
    end_date = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = subscription_history

    class Meta:
        ordering = ["-start_date", "description"]
        # Pages in the default order read 100 rows from this index instead of sorting every
        # subscription (docs/benchmarks.md: 4-5x faster pages with 100,000 subscriptions).
        indexes = [models.Index(fields=["-start_date", "description"], name="subscription_default_order")]

    def __str__(self) -> str:
        return self.description or str(self.pk)

    # --- Lifecycle ----------------------------------------------------------------
    @transition(field=status, source=[S.INITIAL, S.ACTIVE], target=S.PROVISIONING)
    def to_provisioning(self):
        """Start provisioning a new subscription, or re-provision an active one (modify)."""
        self.ensure_can_become(S.PROVISIONING)

    @transition(field=status, source=[S.PROVISIONING, S.DISABLED, S.MIGRATING], target=S.ACTIVE)
    def to_active(self):
        self.ensure_can_become(S.ACTIVE)
        if self.start_date is None:
            self.start_date = timezone.now()

    @transition(field=status, source=S.ACTIVE, target=S.DISABLED)
    def to_disabled(self):
        self.ensure_can_become(S.DISABLED)

    @transition(field=status, source=S.ACTIVE, target=S.MIGRATING)
    def to_migrating(self):
        self.ensure_can_become(S.MIGRATING)

    @transition(
        field=status,
        source=[S.INITIAL, S.PROVISIONING, S.ACTIVE, S.DISABLED, S.MIGRATING],
        target=S.TERMINATED,
    )
    def to_terminated(self):
        self.ensure_can_become(S.TERMINATED)
        self.end_date = timezone.now()

    def set_status(self, target: str) -> None:
        """Move to `target` through its transition (what the engine's set-status steps call)."""
        target = S(target)
        if target == self.status:
            return
        getattr(self, f"to_{target.value}")()

    def ensure_can_become(self, target: str) -> None:
        """Refuse (LifecycleError) unless the tree is complete for `target` and no one is stranded."""
        typed = block_tree.as_typed(self)
        missing = block_tree.missing_for_state(typed, target)
        if missing:
            raise IncompleteBlocks(self, target, missing)
        if target == S.TERMINATED:
            users = list(relations.in_use_by(self, live_only=True))
            if users:
                raise InUseByLiveSubscriptions(self, target, users)
        if target in (S.PROVISIONING, S.ACTIVE):
            dead = list(relations.depends_on(self).filter(status=S.TERMINATED))
            if dead:
                raise DependsOnTerminated(self, target, dead)

    # --- Relations ----------------------------------------------------------------
    def depends_on(self, *, live_only: bool = False):
        """Subscriptions whose blocks this one's blocks reference (a port depends on its node)."""
        return relations.depends_on(self, live_only=live_only)

    def in_use_by(self, *, live_only: bool = False):
        """Subscriptions whose blocks reference this one's blocks (a node is in use by its ports)."""
        return relations.in_use_by(self, live_only=live_only)

    # --- Saving ---------------------------------------------------------------------
    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        """Reload, status included. The status descriptor refuses a second assignment, so the
        value is dropped from the instance first — per instance, unlike django-fsm's
        FSMModelMixin, which switches protection off on the shared field and leaves it off
        for the whole process if the reload raises."""
        reload_status = fields is None or "status" in fields
        if fields is None:  # name them: once dropped, Django would take the status for deferred
            deferred = self.get_deferred_fields()
            fields = [f.name for f in self._meta.concrete_fields if f.attname not in deferred]
        previous = self.__dict__.pop("status", None) if reload_status else None
        try:
            super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        except Exception:
            if previous is not None and "status" not in self.__dict__:
                self.__dict__["status"] = previous
            raise
        self.remember_saved_values()

    def check_version(self, expected_version: int) -> None:
        """Refuse to work on this subscription when the caller read an older version."""
        if int(expected_version) != self.version:
            raise StaleSubscription(self, int(expected_version), self.version)

    def save(self, *args, **kwargs):
        """A typed subscription (a product type) saves its whole block tree, changed rows only
        (see `subscriptions.block_tree.save_subscription`); a plain one saves its row."""
        if self._meta.proxy:
            return block_tree.save_subscription(self, *args, **kwargs)
        return self.save_row(*args, **kwargs)

    def save_row(self, *args, **kwargs):
        """Save the row; an update counts as one version and is refused when the row moved on."""
        if self._state.adding:
            return super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        self._expected_version = self.version
        self.version += 1
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = self._expected_version
            raise
        finally:
            del self._expected_version

    # A private hook of Model.save(), overridden on purpose: Django has no public way to add a
    # condition (`version = expected`) to the UPDATE that save() sends. The public ways cost
    # a query more per save (a compare-and-set QuerySet.update() or a select_for_update()
    # first; tests/integration/subscriptions asserts the query count of a save) or skip the
    # save signals that history rows are written from (QuerySet.update() alone). Its
    # signature is passed through untouched (*args, **kwargs), as Django changes it.
    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, *args, **kwargs):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(
                base_qs, using, pk_val, values, update_fields, forced_update, *args, **kwargs
            )
        updated = super()._do_update(
            base_qs.filter(version=expected),
            using,
            pk_val,
            values,
            update_fields,
            forced_update,
            *args,
            **kwargs,
        )
        if not updated:
            current = base_qs.filter(pk=pk_val).values_list("version", flat=True).first()
            raise StaleSubscription(self, expected, current)
        return updated


@receiver(class_prepared)
def _register_product_type(sender, **kwargs):
    """Every proxy of Subscription is a product type: register it and give it history.

    simple-history listens for saves of Subscription only; Django sends a proxy's saves
    with the proxy as sender, so the same history handlers are connected for each proxy.
    """
    if not (sender._meta.proxy and issubclass(sender, Subscription)):
        return
    register_product_type(sender)
    post_save.connect(subscription_history.post_save, sender=sender, weak=False)
    pre_delete.connect(subscription_history.pre_delete, sender=sender, weak=False)
    post_delete.connect(subscription_history.post_delete, sender=sender, weak=False)
