"""Brown-cluster features: a word our examples never use shares features with one they do when
the two share a cluster, in each language's own table, and the model carries its tables."""
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language_tokenizer import LanguageTokenizer
from bot.nlu.word_clusters import WordClusterFeaturizer, cluster_classes, read_cluster_table

CONFIG = {**WordClusterFeaturizer.get_default_config(), "words": 20_000}


def test_a_cluster_belongs_to_its_leading_bits_at_each_depth():
    # Stored little-endian: the first bits of the cluster's path are the low bits of the number.
    assert cluster_classes(0b1011_0110, [4, 6, 20]) == ["4:6", "6:54", "20:182"]


def test_the_tables_are_lower_cased_and_keep_the_most_frequent_words():
    table = read_cluster_table("es", 5_000)
    assert len(table) == 5_000 and all(word == word.lower() for word in table)
    assert {"pedido", "gracias", "tarjeta"} <= set(table)


@pytest.fixture(scope="module")
def featurizer(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    context = ExecutionContext(graph_schema=None, node_name="clusters")
    tokenizer = LanguageTokenizer.create(LanguageTokenizer.get_default_config(), storage, Resource("tok"), context)
    data = TrainingData([Message.build(text="quiero un reembolso", intent="request_refund"),
                         Message.build(text="I want a refund", intent="request_refund")])
    tokenizer.process_training_data(data)
    resource = Resource("clusters")
    WordClusterFeaturizer.create(CONFIG, storage, resource, context).train(data)
    return tokenizer, WordClusterFeaturizer.load(CONFIG, storage, resource, context)


def sentence_features(featurizer, text):
    tokenizer, clusters = featurizer
    message = tokenizer.process([Message.build(text=text)])[0]
    clusters.process([message])
    found = [f for f in message.features if f.type == FEATURE_TYPE_SENTENCE and f.attribute == TEXT]
    return found[0].features.toarray()[0] if found else None


def test_an_unseen_word_of_a_seen_words_cluster_gets_its_features(featurizer):
    # "cobro" is in no example; its cluster is "reembolso"'s in the Spanish table.
    table = read_cluster_table("es", CONFIG["words"])
    assert table["cobro"] == table["reembolso"]
    assert (sentence_features(featurizer, "un cobro") == sentence_features(featurizer, "un reembolso")).all()
    assert sentence_features(featurizer, "un cobro").sum() > 0


def test_words_without_a_cluster_in_the_model_add_nothing(featurizer):
    assert sentence_features(featurizer, "xqzv blorf").sum() == 0
