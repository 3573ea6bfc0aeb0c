"""GraphQL types for every product type and block in the code, generated, not written:

- each block model gets `<Block>Type` with its columns, its referenced blocks (typed),
  its lists of child blocks, `title`, `ownerSubscriptionId`, and for each NetBoxLink the
  block declares, the NetBox object (`netboxDevice`), fetched for the whole page at once;
- each product type gets `<ProductType>Subscription`, implementing the common
  SubscriptionInterface, with a field per root block: `... on NodeSubscription { node { nodeName } }`.

A new product type or block therefore needs no GraphQL code.
"""

from __future__ import annotations

import graphene
from graphene.types.generic import GenericScalar
from graphene_django import DjangoObjectType

from netbox_integration.graphql.types import NETBOX_OBJECT_TYPES
from netbox_integration.links import NetBoxLink, fetch_by_ids
from subscriptions.blocks import ParentBlockKey, ProductBlock, block_models
from subscriptions.graphql.types import SUBSCRIPTION_TYPES, SubscriptionInterface
from subscriptions.product_types import product_type_name, registered_product_types, root_blocks

HIDDEN_COLUMNS = {"subscription", "position"}
_block_types: dict[type[ProductBlock], type[DjangoObjectType]] = {}


def block_type(model: type[ProductBlock]) -> type[DjangoObjectType]:
    if model not in _block_types:
        _block_types[model] = _make_block_type(model)
    return _block_types[model]


def _make_block_type(model: type[ProductBlock]) -> type[DjangoObjectType]:
    columns = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_COLUMNS and not isinstance(f, ParentBlockKey)
    ]
    meta = type("Meta", (), {"model": model, "fields": columns, "convert_choices_to_enum": False})
    attrs = {
        "Meta": meta,
        "__doc__": model.__doc__
        if not (model.__doc__ or "").startswith(f"{model.__name__}(")
        else "A product block",
        "title": graphene.String(required=True),
        "owner_subscription_id": graphene.UUID(required=True),
        "resolve_title": lambda block, info: block.title,
        "resolve_owner_subscription_id": lambda block, info: block.subscription_id,
    }
    for name, block_list in model.block_lists().items():
        attrs[name] = graphene.List(
            graphene.NonNull(lambda bl=block_list: block_type(bl.child_model)), required=True
        )
        attrs[f"resolve_{name}"] = lambda block, info, bl=block_list: bl.__get__(block)
    for name, link in getattr(model, "netbox_links", {}).items():
        attrs[name] = graphene.Field(
            NETBOX_OBJECT_TYPES.get(link.endpoint, GenericScalar),
            description=f"The {link.endpoint} object {link.id_field} names, live from NetBox",
        )
        attrs[f"resolve_{name}"] = _netbox_resolver(link)
    return type(f"{model.__name__}Type", (DjangoObjectType,), attrs)


def _netbox_resolver(link: NetBoxLink):
    def resolve(block, info):
        object_id = getattr(block, link.id_field)
        if object_id is None:
            return None
        fetched = _netbox_cache(info.context).setdefault(link.endpoint, {})
        if object_id not in fetched:
            wanted = {object_id} | {getattr(b, link.id_field) for b in _loaded_blocks(info, type(block))}
            wanted = {i for i in wanted if i is not None and i not in fetched}
            found = fetch_by_ids(link.endpoint, wanted)
            fetched.update({i: found.get(i) for i in wanted})
        return fetched[object_id]

    return resolve


def _netbox_cache(request) -> dict:
    cache = getattr(request, "netbox_objects", None)
    if cache is None:
        cache = request.netbox_objects = {}
    return cache


def _loaded_blocks(info, model) -> list:
    """The blocks of this class on every subscription page of the request: one NetBox
    request answers for all of them."""
    return [b for page in getattr(info.context, "subscription_pages", []) for b in page.blocks_of(model)]


def subscription_types() -> list[type[graphene.ObjectType]]:
    """One GraphQL type per product type in the code (and a type per block, through them)."""
    for model in block_models():
        block_type(model)
    for name, product_type in sorted(registered_product_types().items()):
        if product_type not in SUBSCRIPTION_TYPES:
            SUBSCRIPTION_TYPES[product_type] = _make_subscription_type(name, product_type)
    return [SUBSCRIPTION_TYPES[cls] for _, cls in sorted(registered_product_types().items())]


def _make_subscription_type(name: str, product_type) -> type[graphene.ObjectType]:
    meta = type("Meta", (), {"interfaces": (SubscriptionInterface,)})
    attrs = {
        "Meta": meta,
        "__doc__": f"A {name} subscription",
        "is_type_of": classmethod(lambda cls, root, info, pt=product_type: isinstance(root, pt)),
    }
    for block_name, descriptor in root_blocks(product_type).items():
        attrs[block_name] = graphene.Field(lambda d=descriptor: block_type(d.model))
        attrs[f"resolve_{block_name}"] = lambda sub, info, d=descriptor: d.__get__(sub)
    return type(f"{product_type_name(product_type)}Subscription", (graphene.ObjectType,), attrs)
