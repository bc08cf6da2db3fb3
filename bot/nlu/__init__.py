"""Rasa NLU graph components of our own; referenced from config.yml by module path."""
