"""rasa_sdk looks for a top-level package of this name and calls its `init_hooks` when the action
server starts: ours guards the server (bot.serving.action_guard)."""
from bot.serving.action_guard import init_hooks

__all__ = ["init_hooks"]
