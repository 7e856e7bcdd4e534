"""The service layer between the pure ``pipeline`` and ``storage``: what the CLI commands, the
distributed workers and the Scrapy item pipeline all call. It imports neither the CLI nor the
crawler, so imports go one way: CLI / crawler -> service -> pipeline, storage.

- ``winnow.service.batches``: classify, process and write pages in batches.
- ``winnow.service.corpus``: corpus steps over everything stored (site-wide boilerplate,
  clustering, canonical entries, reprocess).
"""
