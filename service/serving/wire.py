"""The parser server's frames: a 4-byte length, then a pickle (both ends are this program)."""

from __future__ import annotations

import asyncio
import pickle
import struct

FRAME = struct.Struct("!I")
# A reply: ("ok", value), ("refused", Refused) or ("error", message).
Reply = tuple[object, ...]


def frame(message: object) -> bytes:
    """One length-prefixed pickled message."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return FRAME.pack(len(data)) + data


async def read_frame(reader: asyncio.StreamReader) -> object:
    """The next message (IncompleteReadError when the peer has gone)."""
    (size,) = FRAME.unpack(await reader.readexactly(FRAME.size))
    return pickle.loads(await reader.readexactly(size))
