"""With the action server down, the customer gets an apology in their language, not silence."""
from __future__ import annotations

import requests

from bot.serving.model import ensure_model
from bot.serving.services import free_port, running


def test_dead_action_server_gets_an_apology_in_the_customers_language(tmp_path):
    env = {"BOT_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'records.db'}",
           "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}", "REDIS_URL": "", "RABBITMQ_URL": ""}
    with running(ensure_model(), rasa_port=free_port(), action_port=free_port(), web_port=free_port(), env=env,
                 run_dir=tmp_path) as bot:
        actions = bot.processes[0]
        actions.terminate()
        actions.wait(timeout=30)

        def say(sender: str, text: str) -> list[str]:
            body = {"sender": sender, "message": text}
            replies = requests.post(f"{bot.rasa_url}/webhooks/rest/webhook", json=body, timeout=60).json()
            return [r["text"] for r in replies]

        assert say("en", "hello")[0].startswith("Hi!"), "what needs no action still works"
        assert say("en", "My parcel never arrived") == [
            "I'm sorry, I'm having a technical problem right now and can't look into this. Nothing you've told "
            "me is lost; please try again in a few minutes."]
        assert say("es", "Mi paquete no ha llegado")[0].startswith("Lo siento, ahora mismo tengo un problema técnico")
