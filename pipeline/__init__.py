"""The judgement (extraction, matching, classification, fingerprints) and the Scrapy stages."""
