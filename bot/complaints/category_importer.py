"""Rasa's file importer plus the complaint categories (`bot/complaints/category_training.py`), set in
`config.yml`, so that `rasa train`, `rasa data validate` and `rasa test` see one project; every
reply also tells its language to the channel (`bot/reply_language.py`).

Hands the derived pieces to Rasa; what they are is `bot.complaints.category_training`'s and `bot.reply_language`'s.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.importers.rasa import RasaFileImporter

from bot.complaints.category_training import category_domain, category_rules
from bot.reply_language import with_reply_languages
from bot.settings import PROJECT_ROOT


class CategoryImporter(RasaFileImporter):
    """Rasa's file importer, with the category pieces added to the domain and the rules."""

    def __init__(self, config_file: Optional[str] = None, domain_path: Optional[str] = None,
                 training_data_paths: Optional[Any] = None) -> None:
        super().__init__(config_file, domain_path, training_data_paths)
        self._domain: Optional[Domain] = None

    def get_domain(self) -> Domain:
        if self._domain is None:
            merged = super().get_domain().merge(Domain.from_dict(category_domain()))
            self._domain = Domain.from_dict({**merged.as_dict(), "responses": with_reply_languages(merged.responses)})
        return self._domain

    def get_stories(self, exclusion_percentage: Optional[int] = None) -> StoryGraph:
        steps = YAMLStoryReader(self.get_domain()).read_from_string(yaml.safe_dump(category_rules(),
                                                                                    allow_unicode=True))
        return super().get_stories(exclusion_percentage).merge(StoryGraph(steps))


def project_domain(root: Path = PROJECT_ROOT) -> Domain:
    """The whole domain as Rasa trains on it: `domain.yml` plus the category pieces."""
    return CategoryImporter(str(root / "config.yml"), str(root / "domain.yml"), [str(root / "data")]).get_domain()
