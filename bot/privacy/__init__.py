"""Customers' personal data: what we hold about one customer, erasing it on request, and
forgetting everything older than the retention period.
"""
