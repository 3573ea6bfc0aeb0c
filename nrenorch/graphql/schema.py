"""The root schema: the queries of every app in one `Query` type (read-only; no mutations)."""

import graphene

from engine.graphql.schema import WorkflowsQuery
from products.graphql.product_types import subscription_types
from products.graphql.schema import ProductsQuery
from subscriptions.graphql.schema import SubscriptionsQuery


class Query(SubscriptionsQuery, ProductsQuery, WorkflowsQuery, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, types=subscription_types())
