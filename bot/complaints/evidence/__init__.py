"""Evidence from the company's records: one module per kind of check, the common `Finding` and
`EvidenceCheck` types, and `collect` to run a category's checks. Which checks a category runs
is the category registry's (`bot/complaints/categories.py`).
"""
