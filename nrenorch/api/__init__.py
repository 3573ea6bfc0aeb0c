"""The REST API's shared parts: authentication, pagination, error bodies and the URL root.

Each app owns its endpoints in `<app>/api/` (serializers, views, urls); this package
only wires them under /api/ and gives them one error format (docs/api.md).
"""
