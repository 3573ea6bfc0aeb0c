import json

from django.http import HttpResponse
from graphene_django.views import GraphQLView
from rest_framework.exceptions import AuthenticationFailed

from nrenorch.api.authentication import ApiTokenAuthentication


class ApiGraphQLView(GraphQLView):
    """GraphQL for the same callers as REST: an API token or a session, else 401.

    The schema only reads (no mutations), so a session needs no CSRF token here.
    GraphiQL is off: its page loads its scripts from a CDN, and the API works offline."""

    graphiql = False

    def dispatch(self, request, *args, **kwargs):
        user = authenticated_user(request)
        if user is None:
            body = {
                "errors": [
                    {"message": "Authentication required: send 'Authorization: Token <key>' or log in"}
                ]
            }
            response = HttpResponse(json.dumps(body), status=401, content_type="application/json")
            response["WWW-Authenticate"] = "Token"
            return response
        request.user = user
        return super().dispatch(request, *args, **kwargs)


def authenticated_user(request):
    """The session's user, else the API token's, else None."""
    if request.user.is_authenticated:
        return request.user
    try:
        found = ApiTokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return found[0] if found else None
