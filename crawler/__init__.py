"""Scrapy project: spiders route and yield items; they never touch the database."""
