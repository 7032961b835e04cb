"""Views: thin — parse, call, respond (docs/architecture.md, "Layers"). One module per area of the site."""
