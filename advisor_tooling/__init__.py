"""The advisor's benchmark and load-test tooling, kept out of the runtime package.

`advisor` holds what the site, the worker and the CLI run; this package drives them from
outside to measure them (`manage.py bench`, `manage.py loadtest`, `make bench`) and holds
the decision benchmark. Nothing in `advisor` imports it except those two command shells,
and they only inside `handle` (tests/architecture/test_layers.py).
"""
