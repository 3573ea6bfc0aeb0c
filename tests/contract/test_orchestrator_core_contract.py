"""Our REST API against orchestrator-core's own OpenAPI schema (docs/api.md, compatibility).

For each endpoint we claim to answer as orchestrator-core does, every field its 2xx body
declares must be in ours with a compatible type, except the deviations listed below (each
with its reason; docs/api.md lists the same). Then the bodies themselves, from real requests,
and a client written the way an orchestrator-core script is written.

orchestrator-core's schema is a file (tests/contract/README.md says how it was made): it
needs Python 3.13 and the app, neither of which the test run has."""

import json
import re
from collections.abc import Set as AbstractSet
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from engine.models import Process, ProcessStatus
from products.models import Product
from subscriptions.models import Customer, Subscription
from tests.api.conftest import grant, token_client
from tests.testproducts import factories

HERE = Path(__file__).parent
THEIR_SCHEMA_FILE = HERE / "orchestrator_core_5.5.0_openapi.json"
API_DOC = HERE.parent.parent / "docs" / "api.md"

# Their method and path → ours. `paged`: we answer a page ({count, next, previous, results}),
# they a bare array; their array's items are compared with our `results` items.
ENDPOINTS = [
    ("POST /api/processes/{workflow_key}", "POST /api/processes/{workflow_key}", False),
    ("GET /api/processes/", "GET /api/processes/", True),
    ("GET /api/processes/{process_id}", "GET /api/processes/{id}", False),
    ("PUT /api/processes/{process_id}/resume", "PUT /api/processes/{id}/resume", False),
    ("PUT /api/processes/{process_id}/abort", "PUT /api/processes/{id}/abort", False),
    ("POST /api/processes/{process_id}/callback/{token}", "POST /api/processes/{id}/callback/{token}", False),
    (
        "POST /api/processes/{process_id}/callback/{token}/progress",
        "POST /api/processes/{id}/callback/{token}/progress",
        False,
    ),
    (
        "GET /api/subscriptions/domain-model/{subscription_id}",
        "GET /api/subscriptions/domain-model/{id}",
        False,
    ),
    ("GET /api/subscriptions/workflows/{subscription_id}", "GET /api/subscriptions/workflows/{id}", False),
    (
        "PUT /api/subscriptions/{subscription_id}/set_in_sync",
        "PUT /api/subscriptions/{id}/set_in_sync",
        False,
    ),
    ("GET /api/workflows/{workflow_id}", "GET /api/workflows/{id}", False),
    ("GET /api/products/", "GET /api/products/", True),
    ("GET /api/products/{product_id}", "GET /api/products/{id}", False),
    ("GET /api/settings/status", "GET /api/settings/status", False),
    ("PUT /api/settings/status", "PUT /api/settings/status", False),
]

ISO_TIMES = (
    "Our times are ISO 8601 strings, as every other client and the console read them; "
    "orchestrator-core sends seconds since the epoch. Fields we added under its names "
    "(a step's started/completed/executed) are epoch seconds, as there."
)
INTEGER_KEYS = (
    "Products and workflows are keyed by integers here (the paths take them); orchestrator-core "
    "keys them by UUIDs. Processes and subscriptions have UUIDs on both sides."
)
LIST_DETAILS = "orchestrator-core sends them as null in a listing; the process's detail has them, as there"
LOCK_HINTS = (
    "orchestrator-core's machine-readable hints why a workflow is blocked; ours are `allowed` and "
    "every reason in words in `reasons` (and `reason`)"
)

# What we deliberately do not provide, or type differently. Keys: "<their component>.<field>"
# wherever the component is used, "<their endpoint> <field>" for one endpoint only, and
# "<their endpoint> status" for a different 2xx status code.
DEVIATIONS = {
    "ProcessSchema.started_at": ISO_TIMES,
    "ProcessSchema.last_modified_at": ISO_TIMES,
    "SubscriptionSchema.start_date": ISO_TIMES,
    "SubscriptionSchema.end_date": ISO_TIMES,
    "SubscriptionDomainModelSchema.start_date": ISO_TIMES,
    "SubscriptionDomainModelSchema.end_date": ISO_TIMES,
    "ProductBaseSchema.created_at": ISO_TIMES,
    "ProductSchema.created_at": ISO_TIMES,
    "WorkflowSchema.created_at": ISO_TIMES,
    "ProcessSchema.workflow_id": INTEGER_KEYS,
    "ProcessSchema.product_id": INTEGER_KEYS,
    "SubscriptionSchema.product_id": INTEGER_KEYS,
    "SubscriptionDomainModelSchema.product_id": INTEGER_KEYS,
    "ProductBaseSchema.product_id": INTEGER_KEYS,
    "ProductSchema.product_id": INTEGER_KEYS,
    "WorkflowSchema.workflow_id": INTEGER_KEYS,
    "ProcessStepSchema.step_id": "Steps are numbered rows here (their id); orchestrator-core's have UUIDs",
    "ProductSchema.fixed_inputs": "Ours is {name: value}, which our clients read; theirs a list of rows",
    "ProductSchema.product_blocks": "Ours lists the root block names (blocks are classes in code, "
    "described at /api/product_blocks/{name}); theirs lists block rows",
    "ProductSchema.workflows": "Ours lists the workflow keys (details at /api/workflows/); theirs the rows",
    "GET /api/processes/ steps": LIST_DETAILS,
    "GET /api/processes/ current_state": LIST_DETAILS,
    "GET /api/processes/ form": LIST_DETAILS,
    "SubscriptionWorkflowListsSchema.locked_relations": LOCK_HINTS,
    "SubscriptionWorkflowListsSchema.locked_relations_detail": LOCK_HINTS,
    "WorkflowListItemSchema.locked_relations": LOCK_HINTS,
    "WorkflowListItemSchema.locked_relations_detail": LOCK_HINTS,
    "WorkflowListItemSchema.unterminated_in_use_by_subscriptions": LOCK_HINTS,
    "WorkflowListItemSchema.unterminated_in_use_by_subscriptions_detail": LOCK_HINTS,
    "WorkflowListItemSchema.usable_when": LOCK_HINTS,
    "WorkflowListItemSchema.status": LOCK_HINTS,
    "WorkflowListItemSchema.action": LOCK_HINTS,
    "POST /api/processes/{process_id}/callback/{token} status": (
        "204 No Content here, 200 with an empty body there: both say done; a script checks for a 2xx"
    ),
    "POST /api/processes/{process_id}/callback/{token}/progress status": (
        "204 here, 200 with an empty body there"
    ),
}


# --- Reading the two schemas -----------------------------------------------------------------


def their_schema() -> dict:
    return json.loads(THEIR_SCHEMA_FILE.read_text())


def our_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def success_response(doc: dict, endpoint: str) -> tuple[str, dict | None]:
    """The status code and body schema of the operation's 2xx answer (None: no body)."""
    method, path = endpoint.split(" ", 1)
    operation = doc["paths"][path][method.lower()]
    code = next(code for code in sorted(operation["responses"]) if code.startswith("2"))
    content = operation["responses"][code].get("content") or {}
    return code, content.get("application/json", {}).get("schema")


class Resolved:
    """One schema with $ref, allOf and null alternatives taken apart: its kind (object, array,
    string, integer, number, boolean, or any), and whatever the kind needs to be compared."""

    def __init__(self, doc: dict, schema: dict | None):
        self.nullable = False
        self.component = None  # the component it came from, if any (for the deviation keys)
        schema = self._unwrap(doc, schema or {})
        self.schema = schema
        self.enum = [v for v in schema["enum"] if v is not None] if "enum" in schema else None
        self.format = schema.get("format")
        if "properties" in schema or schema.get("type") == "object":
            self.kind = "object"
        elif schema.get("type"):
            self.kind = schema["type"]
        elif self.enum:
            self.kind = "string" if all(isinstance(v, str) for v in self.enum) else "any"
        else:
            self.kind = "any"

    def _unwrap(self, doc: dict, schema: dict) -> dict:
        while True:
            if "$ref" in schema:
                self.component = schema["$ref"].rsplit("/", 1)[-1]
                siblings = {k: v for k, v in schema.items() if k != "$ref"}
                schema = {**self._component(doc, schema["$ref"]), **siblings}
                continue
            alternatives = schema.get("anyOf") or schema.get("oneOf")
            if alternatives:
                rest = [alt for alt in alternatives if not self._is_null(doc, alt)]
                self.nullable |= len(rest) < len(alternatives)
                if len(rest) == 1:
                    schema = {**{k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}, **rest[0]}
                    continue
                return {}  # a real union: nothing to hold the other side to
            if "allOf" in schema and len(schema["allOf"]) == 1:
                schema = {**{k: v for k, v in schema.items() if k != "allOf"}, **schema["allOf"][0]}
                continue
            if schema.get("nullable"):
                self.nullable = True
            if isinstance(schema.get("type"), list):  # OpenAPI 3.1: ["string", "null"]
                types = [t for t in schema["type"] if t != "null"]
                self.nullable |= len(types) < len(schema["type"])
                schema = {**schema, "type": types[0] if len(types) == 1 else None}
            if schema.get("type") == "null":
                self.nullable = True
            return schema

    @staticmethod
    def _component(doc: dict, ref: str) -> dict:
        node = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node

    def _is_null(self, doc: dict, schema: dict) -> bool:
        if "$ref" in schema:
            schema = self._component(doc, schema["$ref"])
        return schema.get("type") == "null" or schema.get("enum") == [None]

    def properties(self) -> dict:
        return self.schema.get("properties", {})

    def required(self) -> set:
        return set(self.schema.get("required", []))


# Formats a string of theirs may be matched with on our side (None: a plain string).
COMPATIBLE_FORMATS: dict[str, set[str | None]] = {
    "uuid": {"uuid", None},
    "date-time": {"date-time"},
    "date": {"date"},
}


def compare(
    theirs: Resolved,
    ours: Resolved,
    their_doc: dict,
    our_doc: dict,
    where: str,
    endpoint: str,
    problems: list,
    used: set,
) -> None:
    """Appends to `problems` each way in which a client of theirs could not read ours."""

    def deviation(field_path: str, field: str, component: str | None) -> bool:
        for key in (f"{endpoint} {field_path}", f"{component}.{field}"):
            if key in DEVIATIONS:
                used.add(key)
                return True
        return False

    if theirs.kind == "any":
        return
    if ours.kind != theirs.kind and not (theirs.kind == "number" and ours.kind == "integer"):
        problems.append(
            f"{where}: theirs is {theirs.kind} ({theirs.format}), ours {ours.kind} ({ours.format})"
        )
        return
    if ours.nullable and not theirs.nullable:
        problems.append(f"{where}: ours may be null, theirs never is")
    if (
        theirs.kind == "string"
        and theirs.format in COMPATIBLE_FORMATS
        and ours.format not in COMPATIBLE_FORMATS[theirs.format]
    ):
        problems.append(
            f"{where}: theirs is a string of format {theirs.format}, ours of format {ours.format}"
        )
    if theirs.enum is not None and ours.enum is not None and not set(ours.enum) <= set(theirs.enum):
        problems.append(f"{where}: we may send {sorted(set(ours.enum) - set(theirs.enum))}, unknown to them")
    if theirs.enum is not None and ours.enum is None:
        problems.append(f"{where}: theirs is one of {theirs.enum}, ours any {ours.kind}")
    if theirs.kind == "array":
        # A body that is an array (a listing) names its items' fields plainly: "steps", not "[].steps".
        compare(
            Resolved(their_doc, theirs.schema.get("items")),
            Resolved(our_doc, ours.schema.get("items")),
            their_doc,
            our_doc,
            f"{where}[]" if where else "",
            endpoint,
            problems,
            used,
        )
    if theirs.kind == "object":
        our_properties = ours.properties()
        if not our_properties and ours.schema.get("additionalProperties") not in (None, False):
            return  # ours is a free-form object (a dict): it may hold anything theirs declares
        for name, their_field in theirs.properties().items():
            field_path = f"{where}.{name}".lstrip(".")
            if deviation(field_path, name, theirs.component):
                continue
            if name not in our_properties:
                problems.append(f"{field_path}: missing in ours")
                continue
            their_resolved = Resolved(their_doc, their_field)
            if name in theirs.required() and name not in ours.required():
                problems.append(f"{field_path}: they always send it, our schema says we may not")
            before = len(problems)
            compare(
                their_resolved,
                Resolved(our_doc, our_properties[name]),
                their_doc,
                our_doc,
                field_path,
                endpoint,
                problems,
                used,
            )
            # A type deviation is noticed only when the field's types differ: look up the key again.
            if len(problems) > before and deviation(field_path, name, theirs.component):
                del problems[before:]


def contract_problems(their_doc: dict, our_doc: dict) -> tuple[list, set]:
    problems, used = [], set()
    for their_endpoint, our_endpoint, paged in ENDPOINTS:
        their_code, their_body = success_response(their_doc, their_endpoint)
        our_code, our_body = success_response(our_doc, our_endpoint)
        if their_code != our_code:
            key = f"{their_endpoint} status"
            if key in DEVIATIONS:
                used.add(key)
            else:
                problems.append(f"{their_endpoint}: they answer {their_code}, we {our_code}")
        if their_body is None:
            continue
        theirs = Resolved(their_doc, their_body)
        ours = Resolved(our_doc, our_body)
        if paged:
            assert theirs.kind == "array", their_endpoint
            ours = Resolved(our_doc, ours.properties()["results"])
        before = len(problems)
        compare(theirs, ours, their_doc, our_doc, "", their_endpoint, problems, used)
        problems[before:] = [f"{their_endpoint} → {our_endpoint}: {p}" for p in problems[before:]]
    return problems, used


@pytest.fixture(scope="module")
def schemas():
    return their_schema(), our_schema()


def test_their_schema_is_orchestrator_core_5_5_0s():
    doc = their_schema()
    assert doc["info"]["version"] == "5.5.0" and len(doc["paths"]) == 59


def test_every_claimed_endpoint_exists_on_both_sides(schemas):
    their_doc, our_doc = schemas
    for their_endpoint, our_endpoint, _ in ENDPOINTS:
        for doc, endpoint in ((their_doc, their_endpoint), (our_doc, our_endpoint)):
            method, path = endpoint.split(" ", 1)
            assert method.lower() in doc["paths"].get(path, {}), f"no {endpoint}"


def test_every_field_they_declare_is_in_ours_with_a_compatible_type(schemas):
    problems, _ = contract_problems(*schemas)
    assert not problems, "\n".join(problems)


def test_every_deviation_is_still_one_and_documented(schemas):
    _, used = contract_problems(*schemas)
    assert set(DEVIATIONS) - used == set(), "deviations no longer needed: drop them here and in docs/api.md"
    documented = API_DOC.read_text()
    for key in DEVIATIONS:
        assert f"`{key}`" in documented, f"docs/api.md does not list the deviation {key}"


# --- The bodies themselves ---------------------------------------------------------------------

TERMINAL = {"completed", "failed", "aborted", "suspended", "api_unavailable", "inconsistent_data"}


@pytest.fixture
def script_user(db):
    from django.contrib.auth.models import User

    user = User.objects.create_user("script")
    return grant(user, "workflows.run_any_workflow", "subscriptions.change_subscription")


def choose(prop: dict, label: str):
    """The value of the choice labelled `label`, read from `options` as an orchestrator-core
    script does ({value: label}), and sent as the schema's `enum` types it."""
    by_label = {text: value for value, text in prop["options"].items()}
    value = by_label[label]
    return next(v for v in prop["enum"] if str(v) == value)


def run_like_an_orchestrator_core_script(client, worker, workflow: str, answer) -> dict:
    """A client written against orchestrator-core: POST the pages it has so far; on 510 read
    the next page's form and answer it; on 201 take the id and poll GET /processes/{id} until
    `last_status` is one it stops at. `worker` stands for the worker that runs the process."""
    pages: list[dict] = []
    for _ in range(10):
        response = client.post(f"/api/processes/{workflow}", pages, format="json")
        if response.status_code == 201:
            break
        assert response.status_code == 510, response.content
        pages.append(answer(response.json()["form"]))
    else:
        raise AssertionError("the form never ended")
    process_id = response.json()["id"]
    for _ in range(10):
        process = client.get(f"/api/processes/{process_id}").json()
        if process["last_status"] in TERMINAL:
            return process
        worker.drain()
    raise AssertionError(f"still {process['last_status']} after 10 polls")


@pytest.mark.django_db
def test_a_script_written_for_orchestrator_core_creates_a_subscription(script_user, inline_engine):
    client = token_client(script_user, keyword="Bearer")
    product = Product.objects.get(name="test router B")
    customer = Customer.objects.get(short_code="SURF")

    def answer(form: dict) -> dict:
        fields = form["properties"]
        if "product" in fields:
            return {
                "product": choose(fields["product"], product.name),
                "customer_id": choose(fields["customer_id"], customer.name),
            }
        return {"router_name": "rt-script", "site_id": 4}

    process = run_like_an_orchestrator_core_script(client, inline_engine, "create_test_router", answer)

    assert process["last_status"] == process["status"] == "completed", process["failed_reason"]
    assert process["process_id"] == process["id"] and process["workflow_name"] == "create_test_router"
    subscription = Subscription.objects.get(pk=process["current_state"]["subscription_id"])
    assert process["subscriptions"][0]["subscription_id"] == str(subscription.pk)
    assert process["subscriptions"][0]["customer_id"] == str(customer.pk)
    assert process["subscriptions"][0]["product"]["name"] == product.name


@pytest.mark.django_db
def test_a_choice_lists_its_labels_as_options_also_in_a_list_of_choices(script_user):
    client = token_client(script_user)
    form = client.post("/api/processes/plain_two_pages", [], format="json").json()["form"]
    colours = form["properties"]["colours"]["items"]
    assert colours["options"] == {"red": "Red", "blue": "Blue", "green": "Green"}
    assert colours["x-enumNames"] == ["Red", "Blue", "Green"]  # kept for the clients that read it

    first_page = client.post("/api/processes/create_test_router", [], format="json").json()["form"]
    routers = Product.objects.filter(product_type="Router").order_by("name")
    assert first_page["properties"]["product"]["options"] == {str(p.pk): p.name for p in routers}


def their_fields(component: str) -> set:
    return set(their_schema()["components"]["schemas"][component]["properties"])


def undeviated(component: str, body: dict, extra_missing: AbstractSet[str] = frozenset()) -> set:
    """Their component's fields missing from a real body of ours, less the listed deviations."""
    allowed = {key.split(".", 1)[1] for key in DEVIATIONS if key.startswith(f"{component}.")} | extra_missing
    return their_fields(component) - set(body) - allowed


@pytest.mark.django_db
def test_process_bodies_have_every_field_of_theirs(script_user, inline_engine):
    client = token_client(script_user)
    router = factories.router(name="rt-contract")
    pages = [{"subscription_id": str(router.pk)}, {"description": "new"}]
    response = client.post("/api/processes/modify_test_router", pages, format="json")
    assert response.status_code == 201, response.content
    process_id = response.json()["id"]
    running = client.get(f"/api/processes/{process_id}").json()
    assert running["last_status"] == running["status"] == "created"
    inline_engine.drain()

    detail = client.get(f"/api/processes/{process_id}").json()
    assert undeviated("ProcessSchema", detail) == set()
    assert detail["last_status"] == Process.objects.get(pk=process_id).status == ProcessStatus.COMPLETED
    assert detail["current_state"]["subscription_id"] == str(router.pk)
    assert detail["workflow_target"] == "MODIFY" and detail["assignee"] == "SYSTEM"
    assert detail["customer_id"] == str(router.customer_id) and detail["product_id"] == router.product_id
    assert undeviated("SubscriptionSchema", detail["subscriptions"][0]) == set()
    assert detail["subscriptions"][0]["subscription_id"] == str(router.pk)
    step = detail["steps"][0]
    assert undeviated("ProcessStepSchema", step) == set()
    assert step["state_delta"] == step["delta"] and isinstance(step["completed"], float)

    listed = client.get("/api/processes/", {"subscription": str(router.pk)}).json()["results"]
    listing_only = {"steps", "current_state", "form"}
    assert [row["process_id"] for row in listed] == [process_id]
    assert undeviated("ProcessSchema", listed[0], listing_only) == set()
    assert listed[0]["last_status"] == "completed"


@pytest.mark.django_db
def test_a_suspended_process_waits_for_the_noc(script_user, inline_engine, effects_table):
    client = token_client(script_user)
    process_id = client.post("/api/processes/task_suspend", [], format="json").json()["id"]
    inline_engine.drain()
    body = client.get(f"/api/processes/{process_id}").json()
    assert (body["last_status"], body["assignee"], body["is_task"]) == ("suspended", "NOC", True)
    assert body["form"]["properties"]["confirmed"]["type"] == "boolean"


@pytest.mark.django_db
def test_subscription_bodies_have_every_field_of_theirs(script_user):
    client = token_client(script_user)
    router = factories.router(name="rt-domain")
    model = client.get(f"/api/subscriptions/domain-model/{router.pk}").json()
    assert undeviated("SubscriptionDomainModelSchema", model) == set()
    assert model["subscription_id"] == str(router.pk) and model["customer_id"] == str(router.customer_id)
    assert undeviated("ProductBaseSchema", model["product"]) == set()
    assert model["product"]["status"] == "active"

    workflows = client.get(f"/api/subscriptions/workflows/{router.pk}").json()
    required = set(their_schema()["components"]["schemas"]["SubscriptionWorkflowListsSchema"]["required"])
    assert required <= set(workflows)
    assert {"name", "description", "reason"} <= set(workflows["modify"][0])

    Subscription.objects.filter(pk=router.pk).update(insync=False)
    assert client.put(f"/api/subscriptions/{router.pk}/set_in_sync").status_code == 200
    assert Subscription.objects.get(pk=router.pk).insync is True


@pytest.mark.django_db
def test_workflow_product_and_settings_bodies_have_every_field_of_theirs(script_user):
    from engine.models import Workflow

    client = token_client(script_user)
    workflow = Workflow.objects.get(key="create_test_router")
    body = client.get(f"/api/workflows/{workflow.pk}").json()
    assert undeviated("WorkflowSchema", body) == set()
    assert body["name"] == "create_test_router" and body["target"] == "CREATE"
    names = [step["name"] for step in body["steps"]]
    assert names[:2] == ["Start", "Construct router"] and "Link process to subscription" in names

    product = client.get(f"/api/products/{Product.objects.get(name='test router B').pk}").json()
    assert undeviated("ProductSchema", product) == set()
    assert undeviated("EngineSettingsSchema", client.get("/api/settings/status").json()) == set()


def test_the_docs_give_the_command_that_made_their_schema():
    readme = (HERE / "README.md").read_text()
    assert "scripts/dump-orchestrator-core-openapi" in readme and "5.5.0" in readme
    assert re.search(r"orchestrator_core_5\.5\.0_openapi\.json", readme)
