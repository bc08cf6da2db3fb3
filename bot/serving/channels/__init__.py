"""Rasa's REST and socket.io channels, hardened for the public internet, and never silent: one module per
channel (`rest`, `socketio`, named in credentials.yml) over the guards they share (`guards`)."""
