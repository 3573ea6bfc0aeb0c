"""Everything under /api/: each app's endpoints, the OpenAPI schema and its docs page
(Swagger UI served from our own static files), and GraphQL."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from nrenorch.graphql.views import ApiGraphQLView


def api_root(request):
    """Where things are: a starting point for someone exploring the API by hand."""
    base = request.build_absolute_uri("/api/")
    names = [
        "processes/",
        "subscriptions/",
        "products/",
        "product_blocks/",
        "workflows/",
        "customers/",
        "schedules/",
        "settings/status",
        "schema/",
        "docs/",
        "graphql/",
        "health/",
    ]
    return JsonResponse({"documentation": "docs/api.md", **{name.strip("/"): base + name for name in names}})


@csrf_exempt  # answer a stray PUT with this 404, not with Django's CSRF page
def no_such_endpoint(request, rest: str = ""):
    """A JSON 404 (not Django's HTML page) for any path under /api/ that is no endpoint."""
    return JsonResponse(
        {
            "detail": f"No API endpoint at {request.path}; the endpoints are listed in /api/schema/",
            "status": 404,
        },
        status=404,
    )


urlpatterns = [
    path("", api_root, name="api-root"),
    path("", include("engine.api.urls")),
    path("", include("lifecycle.api.urls")),
    path("", include("subscriptions.api.urls")),
    path("", include("products.api.urls")),
    path("", include("engine.api.schedules")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("graphql/", csrf_exempt(ApiGraphQLView.as_view()), name="graphql"),
    # Last: whatever no endpoint above matched.
    re_path(r"^(?P<rest>.*)$", no_such_endpoint),
]
