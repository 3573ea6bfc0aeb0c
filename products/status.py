"""The lifecycle of a product in the catalogue (not of a subscription: subscriptions.lifecycle)."""

from django.db import models


class ProductStatus(models.TextChoices):
    ACTIVE = "active", "active"
    PRE_PRODUCTION = "pre production", "pre production"
    PHASE_OUT = "phase out", "phase out"
    END_OF_LIFE = "end of life", "end of life"
