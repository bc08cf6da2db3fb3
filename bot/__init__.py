"""First-line complaint assistant: the logic behind the Rasa bot.

Plain Python (store, evidence, decision, language); Rasa-specific glue stays in `actions/` and `bot/nlu/`.
"""
