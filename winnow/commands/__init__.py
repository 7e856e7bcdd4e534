"""The ``winnow`` subcommands, one module each; ``winnow.cli`` parses and dispatches to them.

Imports go one way: ``winnow.cli`` -> ``winnow.commands.*`` -> the service layer
(``winnow.service``), ``crawler``, ``storage``, ``pipeline``. This package's ``__init__`` imports
nothing, so a command loads only what it uses (``winnow --help`` loads none of them).

- ``common``: exit codes, ``UsageError``, option parsing shared by commands and the CLI.
- ``job``: what every command that runs a job shares: database, run record, lock, health, summary.
- ``crawl``, ``ingest``, ``reprocess``, ``export``, ``demo``, ``sites`` (and ``sites_init``),
  ``runs``: the subcommands of the same names.
- ``distributed``: ``crawl --distributed`` (the coordinator), ``worker`` and ``frontier``.
"""
