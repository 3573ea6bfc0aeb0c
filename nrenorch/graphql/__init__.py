"""The root GraphQL schema (each app's queries combined) and its view at /api/graphql/."""
