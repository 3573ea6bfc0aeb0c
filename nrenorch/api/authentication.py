from rest_framework.authentication import TokenAuthentication


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's API token, sent as `Authorization: Token <key>` or, as orchestrator-core
    clients do, `Authorization: Bearer <key>`."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        keyword = header.split(" ", 1)[0].lower()
        if keyword not in self.keywords:
            return None
        # The parent checks the keyword against `self.keyword`: hand it the one used.
        self.keyword = header.split(" ", 1)[0]
        return super().authenticate(request)

    def authenticate_header(self, request):
        return "Token"
