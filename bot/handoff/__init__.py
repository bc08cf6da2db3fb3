"""Handing a conversation to a person: when people are there (office hours, presence) and the wait."""
