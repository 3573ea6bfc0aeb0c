import pytest

from tests.api.conftest import anonymous, operator, operator_user, token_client, viewer, viewer_user  # noqa: F401


class GraphQL:
    """Posts a query as a logged-in API client; `.data` of an answer without errors."""

    def __init__(self, client):
        self.client = client

    def post(self, query: str, variables: dict | None = None):
        return self.client.post(
            "/api/graphql/", {"query": query, "variables": variables or {}}, format="json"
        )

    def __call__(self, query: str, variables: dict | None = None) -> dict:
        response = self.post(query, variables)
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        return body["data"]


@pytest.fixture
def graphql(viewer_user):  # noqa: F811 (the fixture imported above, so pytest finds it)
    return GraphQL(token_client(viewer_user))
