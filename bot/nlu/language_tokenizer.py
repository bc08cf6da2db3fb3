"""Rasa tokenizer that detects each message's language and tokenises it with spaCy.

It adds a `language` entity only when the message should set the conversation's language
(see bot.language); the `language` slot keeps its value otherwise. An opening greeting, thanks or
apology before the content is left out of the tokens (bot.nlu.courtesy). No model downloads:
spaCy blank pipelines with lookup lemmas from spacy-lookups-data (see bot.nlu.lemmas).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

import spacy
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import ENTITIES, METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import SUPPORTED, conversation_language, detect
from bot.nlu.courtesy import content_start
from bot.nlu.lemmas import Lemmatizer

LANGUAGE_ENTITY = "language"


@lru_cache(maxsize=None)
def blank_pipeline(language: str) -> tuple[spacy.language.Language, Lemmatizer]:
    """spaCy's blank tokenizer for `language` and a lemmatizer over its lookup table
    (spacy-lookups-data, offline)."""
    nlp = spacy.blank(language)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp, Lemmatizer(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"), language)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class LanguageTokenizer(Tokenizer):
    """Language-aware tokenizer for English and Spanish messages in one model."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        return list(SUPPORTED)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageTokenizer":
        for language in SUPPORTED:
            blank_pipeline(language)
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        nlp, lemmatizer = blank_pipeline(detect(text).likely)
        # A customer's message is read from its content after an opening "Hi," / "Gracias."
        # (bot.nlu.courtesy); one that is all courtesy keeps every token. Training examples are
        # read whole: each intent's examples are learnt as written, their openings included.
        start = content_start(text) if attribute == TEXT and not self._training else 0
        # Lemmas are looked up lower-cased, so "Mis" and "mis" share features.
        tokens = [Token(t.text, start + t.idx, lemma=lemmatizer.lemma(t.lower_)) for t in nlp.make_doc(text[start:])
                  if not (t.is_punct or t.is_space)]
        if not tokens and text.strip():
            # Only symbols or emoji: keep one token so featurizers still see the message.
            stripped = text.strip()
            tokens = [Token(stripped, text.index(stripped), lemma=stripped)]
        return self._apply_token_pattern(tokens)

    _training = False

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._training = True
        try:
            return super().process_training_data(training_data)
        finally:
            self._training = False

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                metadata = message.get(METADATA) or {}
                pinned = metadata.get("language") if isinstance(metadata, dict) else None
                language = conversation_language(text, pinned)
                if language:
                    entity = {"entity": LANGUAGE_ENTITY, "value": language, "start": 0, "end": len(text),
                              "confidence_entity": 1.0, "extractor": self.__class__.__name__}
                    message.set(ENTITIES, message.get(ENTITIES, []) + [entity], add_to_output=True)
        return super().process(messages)
