"""Scrapy item pipeline stages, one per module, ordered in ITEM_PIPELINES."""
