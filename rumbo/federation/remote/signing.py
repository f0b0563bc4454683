"""How a push is signed and checked: HMAC-SHA256 with a key derived from the member key, over timestamp, push id and body.

The signing key is the SHA-256 of the member key (hex), which is exactly what the federation
keeps of it (`Member.key_hash`): the federation checks a signature without ever storing the key,
and a copy of its database alone cannot push as a member (the request also needs the key itself,
whose hash it holds). The timestamp must be within `WINDOW` of the federation's clock, so a
request recorded and sent again later is refused; within the window, its push id makes it
change nothing a second time.
"""

import hashlib
import hmac

WINDOW = 300  # seconds a push may be early or late on the federation's clock
PREFIX = "sha256="


def signing_key(member_key: str) -> str:
    """The key a push is signed with: the member key's SHA-256 (what the federation keeps)."""
    return hashlib.sha256(member_key.encode()).hexdigest()


def signature(key: str, timestamp: int, push_id: str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of «{timestamp}.{push id}.{body}» with the signing key."""
    message = f"{timestamp}.{push_id}.".encode() + body
    return PREFIX + hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def valid(key: str, timestamp: int, push_id: str, body: bytes, given: str) -> bool:
    return hmac.compare_digest(signature(key, timestamp, push_id, body), given.strip())


def fresh(timestamp: int, now: float) -> bool:
    return abs(now - timestamp) <= WINDOW
