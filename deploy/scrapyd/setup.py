"""Egg for scrapyd: only the Scrapy project (``crawler``: spider, settings, site configs).

scrapyd does not install egg dependencies: install Winnow itself (which brings ``pipeline``,
``storage`` and ``winnow``) into scrapyd's virtualenv first. Build and deploy from a directory
holding this file, ``scrapy.cfg`` and a copy of ``crawler/`` (deploy/scrapyd/deploy.sh does it).
"""

from setuptools import setup

setup(
    name="winnow-crawler",
    version="1.0",
    packages=["crawler", "crawler.spiders"],
    package_data={"crawler": ["sites/*.toml"]},
    entry_points={"scrapy": ["settings = crawler.settings"]},
    zip_safe=False,
)
