"""Rasa featurizer: Brown word clusters as sparse features.

Words used in similar contexts in a large corpus share a cluster. spacy-lookups-data ships Brown
clusters for English and Spanish (offline, no model download), so a word our examples never use
still counts when a word of its cluster does: "reembolso" and "cobro" share one, "toalla" and
"habitación" another. Each token gives its cluster's prefixes at a few depths (coarse classes to
fine ones); a message's features are their counts. The most frequent words of each language's
table are kept in the model, so serving reads nothing but the model.
"""
from __future__ import annotations

import gzip
import json
from importlib import resources
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import SUPPORTED, detect

TABLES_FILE = "clusters.json"
FEATURES_FILE = "features.json"


def read_cluster_table(language: str, words: int) -> Dict[str, int]:
    """The first `words` clustered words of spacy-lookups-data's table for `language` (the table
    lists words by frequency), lower-cased. A cluster is stored little-endian: `value & 0b1111`
    is its first four bits. 0 means the word has no cluster."""
    table = resources.files("spacy_lookups_data") / "data" / f"{language}_lexeme_cluster.json.gz"
    with gzip.open(table.open("rb"), "rt", encoding="utf-8") as stream:
        clusters: Dict[str, int] = json.load(stream)
    kept: Dict[str, int] = {}
    for word, cluster in clusters.items():
        if cluster and word.lower() not in kept:
            kept[word.lower()] = cluster
            if len(kept) == words:
                break
    return kept


def cluster_classes(cluster: int, depths: List[int]) -> List[str]:
    """The classes a cluster belongs to: its first `depth` bits for each depth."""
    return [f"{depth}:{cluster & ((1 << depth) - 1)}" for depth in depths]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class WordClusterFeaturizer(SparseFeaturizer, GraphComponent):
    """Sparse features from each token's Brown cluster, in the message's language."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Depths as in Brown-cluster features for parsers and taggers: 4 and 6 bits are broad
        # word classes, 10 and 20 (the whole cluster) narrow ones.
        return {**SparseFeaturizer.get_default_config(), "depths": [4, 6, 10, 20], "words": 100_000}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if not config.get("depths") or any(int(depth) < 1 for depth in config["depths"]):
            raise ValueError("WordClusterFeaturizer needs `depths`: positive numbers of bits")

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, tables: Optional[Dict[str, Dict[str, int]]] = None,
                 features: Optional[Dict[str, int]] = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._tables = tables or {}
        self._features = features or {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "WordClusterFeaturizer":
        tables = {language: read_cluster_table(language, config["words"]) for language in SUPPORTED}
        return cls(config, model_storage, resource, execution_context, tables)

    def _classes(self, message: Message) -> List[List[str]]:
        """Per token, the cluster classes it belongs to (none for a word without a cluster)."""
        table = self._tables.get(detect(message.get(TEXT) or "").likely, {})
        classes = []
        for token in message.get(TOKENS_NAMES[TEXT]) or []:
            cluster = table.get(token.text.lower())
            classes.append(cluster_classes(cluster, self._config["depths"]) if cluster else [])
        return classes

    def train(self, training_data: TrainingData) -> Resource:
        seen = sorted({c for m in training_data.training_examples for token in self._classes(m) for c in token})
        self._features = {feature: index for index, feature in enumerate(seen)}
        with self._model_storage.write_to(self._resource) as folder:
            (folder / TABLES_FILE).write_text(json.dumps(self._tables), encoding="utf-8")
            (folder / FEATURES_FILE).write_text(json.dumps(self._features), encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "WordClusterFeaturizer":
        with model_storage.read_from(resource) as folder:
            tables = json.loads((folder / TABLES_FILE).read_text(encoding="utf-8"))
            features = json.loads((folder / FEATURES_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, execution_context, tables, features)

    def _featurize(self, message: Message) -> None:
        classes = self._classes(message)
        if not classes or not self._features:
            return
        rows, columns = [], []
        for row, token_classes in enumerate(classes):
            for feature in token_classes:
                if feature in self._features:
                    rows.append(row)
                    columns.append(self._features[feature])
        sequence = scipy.sparse.coo_matrix((np.ones(len(rows)), (rows, columns)),
                                           shape=(len(classes), len(self._features)))
        sentence = scipy.sparse.coo_matrix(sequence.sum(axis=0))
        self.add_features_to_message(sequence=sequence, sentence=sentence, attribute=TEXT, message=message)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._featurize(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
