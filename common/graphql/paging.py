"""Pages of a listing, as orchestrator-core's GraphQL has them:
`{ page { … } pageInfo { totalItems startCursor endCursor hasNextPage hasPreviousPage } }`,
asked for with `first` (page size) and `after` (the offset to start at); filters are the
REST API's filter sets, so both APIs filter alike."""

from __future__ import annotations

import graphene
from graphql import GraphQLError

MAX_PAGE_SIZE = 500


class PageInfo(graphene.ObjectType):
    total_items = graphene.Int(required=True)
    start_cursor = graphene.Int()
    end_cursor = graphene.Int()
    has_next_page = graphene.Boolean(required=True)
    has_previous_page = graphene.Boolean(required=True)


def page_type(name: str, item_type) -> type[graphene.ObjectType]:
    return type(
        name,
        (graphene.ObjectType,),
        {
            "page": graphene.List(graphene.NonNull(item_type), required=True),
            "page_info": graphene.Field(PageInfo, required=True),
        },
    )


def paging_arguments() -> dict:
    return {
        "first": graphene.Int(default_value=50, description=f"Page size, at most {MAX_PAGE_SIZE}"),
        "after": graphene.Int(default_value=0, description="Offset of the first item"),
        "sort_by": graphene.List(graphene.String, description="Fields, '-field' for descending"),
    }


def filtered(filterset_class, queryset, filters: dict, request):
    """The queryset through the REST API's filter set; invalid filters are a GraphQL error."""
    filterset = filterset_class(
        data={k: v for k, v in filters.items() if v is not None}, queryset=queryset, request=request
    )
    if not filterset.is_valid():
        problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items())
        raise GraphQLError(f"Invalid filter: {problems}")
    return filterset.qs


def sorted_by(queryset, sort_by: list[str] | None, allowed: list[str]):
    if not sort_by:
        return queryset
    unknown = [s for s in sort_by if s.lstrip("-") not in allowed]
    if unknown:
        raise GraphQLError(
            f"Cannot sort by {', '.join(unknown)}; allowed: {', '.join(allowed)} (prefix - to reverse)"
        )
    return queryset.order_by(*sort_by)


def paginate(queryset, first: int, after: int) -> tuple[list, dict]:
    """(the items, pageInfo) for `first` items from offset `after`."""
    if not 0 <= first <= MAX_PAGE_SIZE or after < 0:
        raise GraphQLError(
            f"first must be 0..{MAX_PAGE_SIZE} and after at least 0; got first={first}, after={after}"
        )
    total = queryset.count()
    items = list(queryset[after : after + first])
    info = {
        "total_items": total,
        "start_cursor": after if items else None,
        "end_cursor": after + len(items) - 1 if items else None,
        "has_next_page": after + len(items) < total,
        "has_previous_page": after > 0,
    }
    return items, info
