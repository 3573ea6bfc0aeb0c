"""The subscription lifecycle layer, above the engine and the domain model: the create,
modify, terminate, validate and reconcile decorators, gating (which workflow may run on
which subscription, and when), the subscription steps, setting a subscription in sync, and
the console pages and API that start workflows on subscriptions."""
