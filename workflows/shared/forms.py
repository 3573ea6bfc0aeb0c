"""Pieces the catalogue's forms share: summary rows and the terminate confirmation."""

from __future__ import annotations

from django import forms

from engine import FormPage
from engine.forms import summary_page
from subscriptions.models import Subscription
from workflows.shared import choices


def before_after_summary(rows: list[tuple[str, object, object]], title: str = "Summary"):
    """A summary of a modify: one row per field, before and after."""
    return summary_page(rows, title=title, headers=("Field", "Before", "After"))


def confirm_termination_form(subscription_id: str):
    """Show the subscription, ask to confirm: every terminate's form."""
    subscription = Subscription.objects.select_related("product", "customer").get(pk=subscription_id)
    page = type(
        "ConfirmTermination",
        (FormPage,),
        {
            "title": "Terminate",
            "description": f"Terminate {subscription.description}",
            "summary": summary_page(
                [
                    ("Subscription", subscription.description),
                    ("Product", subscription.product.name),
                    ("Customer", subscription.customer.name),
                    ("Status", subscription.status),
                ]
            ).base_fields["summary"],
            "confirm": forms.BooleanField(required=True, help_text="Tick to confirm the termination"),
        },
    )
    yield page
    return {}


def interface_field(interface_choices: choices.Choices, speed: int, where: str, label: str) -> forms.Field:
    """A free interface of `speed` Mbit/s on a node; the error lists the free ones."""
    free = ", ".join(name for _, name in interface_choices) or "none"
    return forms.TypedChoiceField(
        choices=interface_choices,
        coerce=int,
        label=label,
        help_text=f"Disabled, unused interfaces of {speed} Mbit/s on {where}",
        error_messages={
            "invalid_choice": f"Interface %(value)s is not free on {where}: choose a disabled, unused "
            f"interface of {speed} Mbit/s (free: {free})"
        },
    )


def node_field(label: str = "Node") -> forms.Field:
    node_choices = choices.active_node_choices()
    return forms.ChoiceField(
        choices=node_choices,
        label=label,
        help_text="Active nodes",
        error_messages={"invalid_choice": "%(value)s is not an active node"},
    )
