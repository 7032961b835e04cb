"""Views: thin (parse, call, respond; docs/architecture.md). One module per area of the site."""
