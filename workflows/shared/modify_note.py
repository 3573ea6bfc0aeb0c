"""Built-in: change a subscription's note, on every product.

Unlike other modify workflows it leaves the sync flag alone (it changes nothing outside
the orchestrator), and it is on the out-of-sync allow-list: an operator can write down
why a subscription is out of sync, and what was done about it.
"""

from django import forms

from engine import FormPage, State, begin, done, init, step
from engine.workflow import Target
from lifecycle.gating import EVERY_PRODUCT
from lifecycle.subscription_steps import store_process_subscription
from lifecycle.subscription_workflows import subscription_workflow
from subscriptions.models import Subscription


def note_form(subscription_id: str):
    current = Subscription.objects.filter(pk=subscription_id).values_list("note", flat=True).first() or ""
    page = type(
        "NotePage",
        (FormPage,),
        {
            "title": "Note",
            "note": forms.CharField(widget=forms.Textarea, required=False, initial=current, max_length=10000),
        },
    )
    return (yield page)


@step("Store note")
def store_note(subscription: Subscription, note: str) -> State:
    subscription.note = note
    return {"subscription": subscription}


@subscription_workflow(
    Target.MODIFY,
    "Modify note",
    initial_input_form=note_form,
    products=EVERY_PRODUCT,
    allowed_out_of_sync=True,
    around=lambda steps: init >> store_process_subscription >> steps >> done,
)
def modify_note():
    return begin >> store_note
