"""Downloader middlewares and extensions: conditional requests, known articles, retries with
backoff, per-status stats, and an AutoThrottle that respects per-host rate limits."""
