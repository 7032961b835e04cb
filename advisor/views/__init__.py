"""Views: thin — parse, call, respond (STYLE.md §10). One module per area of the site."""
