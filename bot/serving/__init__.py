"""Serving the bot: the trained model, Rasa's server and its channels, tracker store and API
client, the action server and web pages started together, and several instances behind HAProxy.
Nothing here decides anything about a complaint."""
