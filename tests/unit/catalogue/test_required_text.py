"""Names and required descriptions: empty, whitespace-only or invisible-only text is refused
with a field error in every form that takes one, and nothing is written (no NetBox needed:
the pages' NetBox choices are given)."""

import pytest
from django import forms
from django.urls import reverse

from common.text import BLANK_MESSAGE, RequiredText
from engine.errors import FormValidationError
from engine.forms import page_schema, post_form
from engine.models import Process
from products.models import Product
from subscriptions.models import Customer, Subscription
from tests.api.conftest import operator, operator_user  # noqa: F401  (may run every workflow)
from tests.unit.catalogue.factories import node, port
from workflows.shared import choices

pytestmark = pytest.mark.django_db

# Empty; spaces, tabs and newlines; a zero-width space and a byte-order mark (which str.strip keeps).
BLANKS = ["", "   ", "\t\n ", "\u200b", " \ufeff\u00a0 "]


class Page(forms.Form):
    name = RequiredText(max_length=10)


@pytest.mark.parametrize("value", BLANKS)
def test_required_text_refuses_blank_values_saying_what_is_allowed(value):
    form = Page(data={"name": value})
    assert not form.is_valid()
    assert form.errors.get_json_data()["name"] == [{"message": BLANK_MESSAGE, "code": "required"}]


def test_required_text_strips_invisible_characters_at_the_ends_only():
    form = Page(data={"name": "\u200b rt 1\t"})
    assert form.is_valid() and form.cleaned_data["name"] == "rt 1"


def test_the_schema_tells_api_clients_a_blank_value_is_not_allowed():
    schema = page_schema(Page)
    assert schema["required"] == ["name"]
    assert schema["properties"]["name"] == {
        "title": "Name",
        "type": "string",
        "pattern": r"\S",
        "maxLength": 10,
        "minLength": 1,
    }


# --- Every form that takes a name ----------------------------------------------------------


@pytest.fixture(autouse=True)
def netbox_choices(monkeypatch):
    """What the node and port pages would read from NetBox, and a NetBox without devices."""
    monkeypatch.setattr(choices, "device_type_choices", lambda vendor: [("2", "7950 XRS-20")])
    monkeypatch.setattr(choices, "device_role_choices", lambda: [("1", "Provider")])
    monkeypatch.setattr(choices, "site_choices", lambda: [("3", "Paris")])
    free = [("8", "ethernet-1/3 (10gbase-x-xfp)")]
    monkeypatch.setattr(choices, "free_interface_choices", lambda node, speed: free)
    monkeypatch.setattr("workflows.node.shared.get", lambda payload_type, **filters: None)  # no such device


def subscription(cls, product_name: str):
    return cls(product=Product.objects.get(name=product_name), customer=surf(), status="active", insync=True)


def surf() -> Customer:
    return Customer.objects.get(short_code="SURF")


def new(product_name: str) -> dict:
    return {"product": Product.objects.get(name=product_name).pk, "customer_id": surf().pk}


NODE_PAGE = {
    "type_id": 2,
    "role_id": 1,
    "site_id": 3,
    "node_status": "active",
    "node_name": "rt9",
    "node_description": "",
}
PORT_PAGE = {"port_description": "customer", "auto_negotiation": False, "lldp": True}


def create_node(name):
    return [new("node Nokia"), {**NODE_PAGE, "auto_add_interfaces": False, "node_name": name}]


def modify_node(name):
    return [{"subscription_id": str(node(insync=True).pk)}, {**NODE_PAGE, "node_name": name}]


def create_port(description):
    page = {**PORT_PAGE, "port": 8, "port_mode": "tagged", "port_description": description}
    return [new("port 10G"), {"node": str(node(insync=True).pk)}, page]


def modify_port(description):
    return [
        {"subscription_id": str(port(node(insync=True), insync=True).pk)},
        {**PORT_PAGE, "port_description": description},
    ]


def task_showcase(name):
    return [{"name": name, "fail_once": False}]


# workflow: (its pages with the name set to the argument, the name's field, whether a summary follows)
FORMS_WITH_A_NAME = {
    "create_node": (create_node, "node_name", True),
    "modify_node": (modify_node, "node_name", True),
    "create_port": (create_port, "port_description", True),
    "modify_port": (modify_port, "port_description", True),
    "task_showcase": (task_showcase, "name", False),
}


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize("key", FORMS_WITH_A_NAME)
def test_every_form_refuses_a_blank_name_and_writes_nothing(operator, key, blank):  # noqa: F811
    pages, field, _ = FORMS_WITH_A_NAME[key]
    pages = pages(blank)
    subscriptions = list(Subscription.objects.values_list("pk", "description", "note"))
    response = operator.post(f"/api/processes/{key}", pages, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["validation_errors"]
    assert errors == [{"loc": [field], "msg": BLANK_MESSAGE, "type": "required"}]
    assert not Process.objects.exists()
    assert list(Subscription.objects.values_list("pk", "description", "note")) == subscriptions


@pytest.mark.parametrize("key", FORMS_WITH_A_NAME)
def test_the_same_pages_with_a_name_are_accepted(operator, inline_engine, key):  # noqa: F811
    """The refusal above is the name's, not another field's: with a name the form is complete."""
    pages_for, _, summary = FORMS_WITH_A_NAME[key]
    pages = [*pages_for("  rt9 uplink "), *([{}] if summary else [])]
    response = operator.post(f"/api/processes/{key}", pages, format="json")
    assert response.status_code == 201, response.content


def test_the_form_protocol_names_the_page_and_the_field():
    from workflows.node.create_node import create_node_form

    with pytest.raises(FormValidationError) as refused:
        post_form(
            create_node_form,
            {"product": Product.objects.get(name="node Nokia").pk},
            [{**NODE_PAGE, "auto_add_interfaces": False, "node_name": "\u200b"}],
        )
    assert refused.value.errors == [{"loc": ["node_name"], "msg": BLANK_MESSAGE, "type": "required"}]


@pytest.mark.parametrize("field", ["name", "short_code"])
@pytest.mark.parametrize("blank", ["   ", "\u200b"])
def test_the_customer_form_refuses_a_blank_name(admin_client, field, blank):
    page = reverse("admin:subscriptions_customer_add")
    response = admin_client.post(page, {"name": "Acme", "short_code": "ACME", field: blank})
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors[field] == [BLANK_MESSAGE]
    assert not Customer.objects.filter(short_code__in=["ACME", blank]).exists()
