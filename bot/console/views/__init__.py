"""The console's pages, one module per page group; each adds its routes to the console blueprint
(bot.console.blueprint) when it is imported. `import_all` imports every module here, so a new page
group is a new module and nothing else to register."""
from __future__ import annotations

import importlib
import pkgutil


def import_all() -> None:
    """Every page group's routes, added to the console blueprint."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
