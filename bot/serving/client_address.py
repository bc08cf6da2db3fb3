"""Which client sent a message, as far as the server can tell: the connection's peer, or the address a
proxy named in `X-Forwarded-For` when the peer is a proxy the settings trust (`TRUSTED_PROXIES`).
Kept only as a keyed digest in the message's metadata, so guesses can be counted per client
(bot.orders.identity) without storing anyone's address.

Reading and digesting only; the channels (bot.serving.channels.rest, .socketio) put it in the metadata.
"""
from __future__ import annotations

import ipaddress
from typing import Optional

from bot import settings
from bot.privacy.email_vault import keyed_digest

CLIENT_METADATA = "client"  # the metadata key; a value a caller sends there is replaced


def client_address(peer: str, forwarded_for: Optional[str], trusted: frozenset[str]) -> str:
    """The client's address: `peer`, unless `peer` is a trusted proxy, then the right-most address
    in `forwarded_for` that is not one (a client can write any left-most entries it likes)."""
    address = peer
    hops = [hop.strip() for hop in (forwarded_for or "").split(",")[-10:] if hop.strip()]
    while address in trusted and hops:
        address = hops.pop()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return peer


def client_digest(peer: str, forwarded_for: Optional[str], peer_is_a_client: bool = True) -> Optional[str]:
    """The keyed digest of the client's address under this deployment's proxies. A channel whose
    peers are the company's own servers (REST) passes `peer_is_a_client=False`: one integration speaks
    for many customers, so only an address a trusted proxy forwarded names one; else None."""
    trusted = settings.trusted_proxies()
    if not peer_is_a_client and not (peer in trusted and forwarded_for):
        return None
    return keyed_digest("client:" + client_address(peer, forwarded_for, trusted))
