"""Everything under /api/: each app's endpoints, the OpenAPI schema and its docs page
(Swagger UI served from our own static files), and GraphQL."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from nrenorch.graphql.views import ApiGraphQLView

urlpatterns = [
    path("", include("workflows.api.urls")),
    path("", include("subscriptions.api.urls")),
    path("", include("products.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("graphql/", csrf_exempt(ApiGraphQLView.as_view()), name="graphql"),
]
