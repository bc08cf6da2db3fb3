"""Email with customers: the letters the bot's people send, and the postbox they go through."""
