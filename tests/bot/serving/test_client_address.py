"""Whose address a message came from: the peer, unless it is a proxy the settings trust; REST speaks
for the company's own servers and names a client only through a trusted proxy."""
from bot.serving.client_address import client_address, client_digest


def test_the_peer_is_the_client_unless_it_is_a_trusted_proxy():
    assert client_address("203.0.113.7", "198.51.100.1", frozenset()) == "203.0.113.7", "anyone can write the header"
    assert client_address("127.0.0.1", "198.51.100.1, 203.0.113.9", frozenset({"127.0.0.1"})) == "203.0.113.9"
    assert client_address("127.0.0.1", "203.0.113.9, 127.0.0.1", frozenset({"127.0.0.1"})) == "203.0.113.9"
    assert client_address("127.0.0.1", "not an address", frozenset({"127.0.0.1"})) == "127.0.0.1"


def test_a_digest_hides_the_address_and_rest_names_a_client_only_through_a_trusted_proxy(configure):
    configure(TRUSTED_PROXIES="127.0.0.1")
    digest = client_digest("203.0.113.7", None)
    assert len(digest) == 64 and "203.0.113.7" not in digest
    assert client_digest("203.0.113.7", "198.51.100.1") == digest, "an untrusted peer's header changes nothing"
    assert client_digest("203.0.113.7", None, peer_is_a_client=False) is None
    assert client_digest("127.0.0.1", "203.0.113.7", peer_is_a_client=False) == digest
