"""Plain data between the grader and the worker: numbers, text, lists, dicts and numeric arrays.

Never pickle. A message is a JSON header followed by the raw bytes of the arrays it holds.
Types a contract cares about survive the trip: a Python float stays a float, a numpy
scalar stays a numpy scalar, a tuple a tuple, and a (1, 1) array a (1, 1) array; anything
else comes back as an `Opaque` description, never as a live object.

The worker uses `encode` on whatever the learner's code returned; the trusted side uses
`decode`, which accepts only numeric dtypes, checks every size and copies arrays into
plain `numpy.ndarray`s, so nothing the learner built crosses over.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass

import numpy as np

MAX_DEPTH = 32
MAX_MESSAGE = 512 * 1024 * 1024
_ALLOWED_KINDS = "biuf"
_HEADER = struct.Struct("<Q")


@dataclass(frozen=True)
class Opaque:
    """A value of a type that does not cross the process boundary (a function, a custom object...)."""

    type_name: str
    text: str

    def __repr__(self):
        return f"<{self.type_name}: {self.text}>"


class ProtocolError(Exception):
    """A message that is not well-formed plain data."""


# --- encoding (runs in both processes) ---------------------------------------------------


def encode(value) -> bytes:
    blobs: list[bytes] = []
    tree = _to_tree(value, blobs, 0)
    header = json.dumps({"v": tree, "n": [len(b) for b in blobs]}, allow_nan=True).encode()
    return b"".join([_HEADER.pack(len(header)), header, *blobs])


def _to_tree(value, blobs, depth):
    if depth > MAX_DEPTH:
        return {"$": "opaque", "type": "nesting", "text": "nested too deeply"}
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value if abs(value) < 2**63 else {"$": "opaque", "type": "int", "text": "integer too large"}
    if kind is float:
        return {"$": "float", "v": value}
    if isinstance(value, np.generic) and value.dtype.kind in _ALLOWED_KINDS:
        arr = np.asarray(value)
        return {"$": "npscalar", "dtype": arr.dtype.str, "v": arr.item()}
    if isinstance(value, np.ndarray):
        return _array_tree(value, blobs)
    if kind is list or kind is tuple:
        items = [_to_tree(v, blobs, depth + 1) for v in value]
        return items if kind is list else {"$": "tuple", "v": items}
    if kind is dict:
        pairs = []
        for k, v in value.items():
            if type(k) is not str:
                return {"$": "opaque", "type": "dict", "text": "a dict whose keys are not all strings"}
            pairs.append([k, _to_tree(v, blobs, depth + 1)])
        return {"$": "dict", "v": pairs}
    return {"$": "opaque", "type": _type_name(value), "text": _short_repr(value)}


def _array_tree(value, blobs):
    # Read the memory of any ndarray (subclasses included) as a base-class array: no method of the
    # learner's subclass runs on the trusted side, and here only numpy's own code touches it.
    base = np.ndarray.view(value, np.ndarray)
    if base.dtype.kind not in _ALLOWED_KINDS or base.dtype.fields is not None:
        return {"$": "opaque", "type": "ndarray", "text": f"an array of dtype {base.dtype}"}
    data = np.ascontiguousarray(base)
    blobs.append(data.tobytes())
    tree = {"$": "nd", "dtype": data.dtype.str, "shape": list(data.shape), "i": len(blobs) - 1}
    if type(value) is not np.ndarray:
        tree["subclass"] = _type_name(value)
    return tree


def _type_name(value):
    try:
        cls = type(value)
        return f"{cls.__module__}.{cls.__qualname__}" if cls.__module__ != "builtins" else cls.__qualname__
    except Exception:  # a hostile type can make even this fail
        return "object"


def _short_repr(value, limit=120):
    try:
        text = repr(value)
    except Exception:
        text = "<no repr>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- decoding (the trusted side's rules) ----------------------------------------------------


def decode(payload: bytes):
    """The value a message holds. Anything malformed, however it is malformed, is a ProtocolError."""
    try:
        return _decode(payload)
    except ProtocolError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError, RecursionError,
            MemoryError) as exc:
        raise ProtocolError(f"malformed value ({type(exc).__name__})") from None


def _decode(payload: bytes):
    if len(payload) < _HEADER.size:
        raise ProtocolError("message too short")
    (hlen,) = _HEADER.unpack_from(payload)
    start = _HEADER.size
    if hlen > len(payload) - start:
        raise ProtocolError("header longer than the message")
    try:
        header = json.loads(payload[start : start + hlen])
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"header is not JSON: {exc}") from None
    if not isinstance(header, dict) or not isinstance(header.get("n"), list):
        raise ProtocolError("header has no blob table")
    blobs, offset = [], start + hlen
    for size in header["n"]:
        if type(size) is not int or size < 0 or offset + size > len(payload):
            raise ProtocolError("blob table does not match the message")
        blobs.append(payload[offset : offset + size])
        offset += size
    return _from_tree(header.get("v"), blobs, 0)


def _from_tree(tree, blobs, depth):
    if depth > MAX_DEPTH:
        raise ProtocolError("nested too deeply")
    if tree is None or type(tree) in (bool, str, int):
        return tree
    if type(tree) is float:  # only from hand-made JSON; encode always tags floats
        return tree
    if type(tree) is list:
        return [_from_tree(v, blobs, depth + 1) for v in tree]
    if type(tree) is not dict or "$" not in tree:
        raise ProtocolError("unknown value")
    tag = tree["$"]
    if tag == "float":
        return float(_number(tree["v"]))
    if tag == "npscalar":
        dtype = _dtype(tree["dtype"])
        return dtype.type(_number(tree["v"]))
    if tag == "nd":
        return _array_from(tree, blobs)
    if tag == "tuple":
        return tuple(_from_tree(v, blobs, depth + 1) for v in _list(tree["v"]))
    if tag == "dict":
        pairs = [_list(p) for p in _list(tree["v"])]
        if not all(len(p) == 2 and type(p[0]) is str for p in pairs):
            raise ProtocolError("bad dict")
        return {k: _from_tree(v, blobs, depth + 1) for k, v in pairs}
    if tag == "opaque":
        return Opaque(str(tree.get("type", "object"))[:80], str(tree.get("text", ""))[:200])
    raise ProtocolError(f"unknown tag {tag!r}")


def _number(value):
    if type(value) not in (int, float, bool):
        raise ProtocolError("a number was expected")
    return value


def _list(value):
    if type(value) is not list:
        raise ProtocolError("a list was expected")
    return value


def _dtype(text):
    if type(text) is not str or len(text) > 8:
        raise ProtocolError("bad dtype")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise ProtocolError(f"bad dtype {text!r}") from None
    if dtype.kind not in _ALLOWED_KINDS or dtype.fields is not None:
        raise ProtocolError(f"dtype {dtype} is not allowed")
    return dtype


def _array_from(tree, blobs):
    dtype = _dtype(tree["dtype"])
    shape = tree["shape"]
    if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape) or len(shape) > 32:
        raise ProtocolError("bad shape")
    index = tree["i"]
    if type(index) is not int or not 0 <= index < len(blobs):
        raise ProtocolError("bad blob index")
    blob = blobs[index]
    if len(blob) != math.prod(shape) * dtype.itemsize:  # Python ints: a huge shape cannot wrap around
        raise ProtocolError("array bytes do not match its shape")
    return np.frombuffer(blob, dtype=dtype).reshape(shape).copy()


# --- framing over a pipe --------------------------------------------------------------------


def send(fd: int, value) -> None:
    import os

    payload = encode(value)
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def read_exact(fd: int, size: int) -> bytes:
    import os

    chunks, remaining = [], size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise EOFError("pipe closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive(fd: int):
    (size,) = _HEADER.unpack(read_exact(fd, _HEADER.size))
    if size > MAX_MESSAGE:
        raise ProtocolError("message too large")
    return decode(read_exact(fd, size))


# --- JSON files (fixtures) --------------------------------------------------------------------


def to_json(value):
    """A JSON-ready form of plain data, exact for floats (repr round-trips) and readable in a diff."""
    if value is None or type(value) in (bool, str, int):
        return value
    if isinstance(value, float) and type(value) is float:
        return {"$": "float", "v": value}
    if isinstance(value, np.generic):
        return {"$": "npscalar", "dtype": value.dtype.str, "v": value.item()}
    if isinstance(value, np.ndarray):
        return {"$": "array", "dtype": value.dtype.str, "shape": list(value.shape), "v": value.tolist()}
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [to_json(v) for v in value]}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {"$": "dict", "v": [[k, to_json(v)] for k, v in value.items()]}
    if isinstance(value, Opaque):
        return {"$": "opaque", "type": value.type_name, "text": value.text}
    raise TypeError(f"cannot store {type(value).__name__} in a fixture")


def from_json(tree):
    if tree is None or type(tree) in (bool, str, int, float):
        return tree
    if type(tree) is list:
        return [from_json(v) for v in tree]
    tag = tree.get("$")
    if tag == "array":
        dtype = _dtype(tree["dtype"])
        return np.array(tree["v"], dtype=dtype).reshape(tree["shape"])
    if tag == "float":
        return float(tree["v"])
    if tag == "npscalar":
        return _dtype(tree["dtype"]).type(tree["v"])
    if tag == "tuple":
        return tuple(from_json(v) for v in tree["v"])
    if tag == "dict":
        return {k: from_json(v) for k, v in tree["v"]}
    if tag == "opaque":
        return Opaque(tree["type"], tree["text"])
    raise ProtocolError(f"unknown tag {tag!r} in a fixture")
