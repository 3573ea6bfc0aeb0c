"""OpenAPI post-processing: document the error answers every endpoint can give, so the
schema lists every status code the API really returns (schemathesis checks that)."""

ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
COMMON = {
    "401": "Not authenticated: send 'Authorization: Token <key>' or log in",
    "403": "Authenticated, but not allowed",
}


def document_common_errors(result, generator, request, public):
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if operation.get("security") != [{}] and "/callback/" not in path:
                for code, text in COMMON.items():
                    responses.setdefault(code, {"description": text, **ERROR})
            if "{" in path:
                responses.setdefault("404", {"description": "Not found", **ERROR})
            if method in ("post", "put", "patch"):
                responses.setdefault("400", {"description": "Invalid request body", **ERROR})
            if method == "get" and any(p.get("in") == "query" for p in operation.get("parameters", [])):
                responses.setdefault("400", {"description": "Invalid filter or sort parameter", **ERROR})
                responses.setdefault("404", {"description": "No such page", **ERROR})
    return result
