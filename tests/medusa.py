"""A real Medusa v2 shop for the tests (one per test run, on a fresh copy of its template database), and
a shop owner's Admin API calls that put orders in it: a region, a warehouse that ships, a product,
a customer, an order paid, fulfilled and shipped with a tracking number."""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from typing import Iterator

import pytest

from bot import settings
from bot.orders.sources import medusa_shop
from bot.orders.sources.medusa_owner import ShopOwner
from bot.serving.services import free_port
from bot.store.databases import drop_named_database
from tests.services import POSTGRES_ADMIN, port_open


@dataclass(frozen=True)
class Shop:
    url: str
    api_key: str
    owner: ShopOwner
    process: medusa_shop.RunningShop


def _require_medusa() -> None:
    missing = [what for what, ok in (("npm", shutil.which("npm")), ("PostgreSQL", port_open(5432))) if not ok]
    if missing:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"the Medusa tests need {', '.join(missing)} and REQUIRE_SERVICES=1", pytrace=False)
        pytest.skip(f"the Medusa tests need {', '.join(missing)}")


@pytest.fixture(scope="session")
def medusa(tmp_path_factory) -> Iterator[Shop]:
    """One real Medusa shop for the test run, with a secret API key for the bot."""
    _require_medusa()
    folder = medusa_shop.install(settings.cache_dir())
    database = f"medusa_run_{uuid.uuid4().hex[:8]}"
    running = medusa_shop.start(folder, POSTGRES_ADMIN, database,
                                free_port(), tmp_path_factory.mktemp("medusa") / "medusa.log")
    try:
        key = running.secret_api_key()
        yield Shop(running.url, key, ShopOwner(running.url, key), running)
    finally:
        running.stop()
        drop_named_database(POSTGRES_ADMIN, database)
