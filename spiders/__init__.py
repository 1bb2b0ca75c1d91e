"""Scrapy spiders for anime news sources: navigation only; parsing lives in spiders.parsers."""
