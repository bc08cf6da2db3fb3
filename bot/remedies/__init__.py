"""Goodwill carried out in the shop, exactly once: the remedy a customer accepted is recorded as
pending in the same transaction as the grant, then carried out by whoever claims it; the shop keeps a
key with what it did, so a claimant that died after the shop acted is found out, not repeated.

`pending` keeps the rows, `executor` carries them out and reconciles, `medusa` speaks to a Medusa shop.
"""
