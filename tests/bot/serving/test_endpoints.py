"""Rasa endpoints follow the environment; the committed file is the embedded default."""
from pathlib import Path

import pytest
import yaml

from bot import settings
from bot.serving import endpoints
from bot.serving.services import require_shared_services


def test_committed_endpoints_file_is_the_embedded_default(configure):
    configure(TRACKER_STORE_URL=None, REDIS_URL=None, RABBITMQ_URL=None, ACTION_SERVER_URL=None, BOT_DATA_DIR=None)
    committed = (Path(settings.PROJECT_ROOT) / "endpoints.yml").read_text()
    assert committed == endpoints.render_endpoints()
    assert "lock_store" not in committed and "event_broker" not in committed


def test_services_are_chosen_by_environment(configure):
    configure(TRACKER_STORE_URL="postgresql://bot:secret@db.internal:5433/tracker", REDIS_URL="redis://127.0.0.1:6379/2",
              RABBITMQ_URL="amqp://guest:guest@127.0.0.1:5672")
    config = yaml.safe_load(endpoints.render_endpoints())
    assert config["tracker_store"] == {"type": endpoints.TRACKER_STORE, "dialect": "postgresql", "db": "tracker",
                                       "url": "db.internal", "port": 5433, "username": "bot", "password": "secret"}
    assert config["lock_store"] == {"type": endpoints.LOCK_STORE, "url": "127.0.0.1", "port": 6379, "db": 2}
    assert config["event_broker"]["type"] == "pika" and config["event_broker"]["queues"] == [endpoints.EVENT_QUEUE]



@pytest.mark.parametrize("env, missing", [
    ({}, ["REDIS_URL", "TRACKER_STORE_URL", "DATABASE_URL"]),
    ({"REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": "postgresql://u@h/records"}, ["TRACKER_STORE_URL"]),
])
def test_several_instances_refuse_to_start_without_shared_stores(tmp_path, env, missing):
    require_shared_services({"BOT_DATA_DIR": str(tmp_path), **env}, 1)  # one instance: the embedded default is fine
    with pytest.raises(RuntimeError) as refused:
        require_shared_services({"BOT_DATA_DIR": str(tmp_path), **env}, 2)
    assert [name for name in ("REDIS_URL", "TRACKER_STORE_URL", "DATABASE_URL") if name in str(refused.value)] \
        == missing
