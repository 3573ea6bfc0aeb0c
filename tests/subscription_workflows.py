"""Workflows over the test products, for the engine ↔ subscription wiring tests."""

from django import forms

from tests.testproducts.product_types.router import Router
from workflows.engine import FormPage, State, begin, step, task


class RouterForm(FormPage):
    subscription = forms.UUIDField()
    description = forms.CharField(max_length=100)


def router_form():
    return (yield RouterForm)


@step("Describe router")
def describe_router(subscription: Router, description: str) -> State:
    subscription.router.router_description = description
    return {"subscription": subscription}


@task("Describe a test router", initial_input_form=router_form)
def task_describe_router():
    return begin >> describe_router
