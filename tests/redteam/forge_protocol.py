# attack: write forged and malformed frames straight into the reply pipe
# honest: 0.0
import json
import os
import struct
import sys

WRITE_FD = int(sys.argv[-1]) if sys.argv[-1].isdigit() else int(sys.argv[2])


def frame(header, blobs=b""):
    head = json.dumps(header).encode()
    payload = struct.pack("<Q", len(head)) + head + blobs
    return struct.pack("<Q", len(payload)) + payload


def compute_cost(AL, Y):
    forged = [
        frame({"v": {"$": "dict", "v": [["ok", True], ["value", {"$": "nd", "dtype": "<f8",
                                                                     "shape": [2**32, 2**32], "i": 0}]]},
               "n": [0]}),
        frame({"v": {"$": "dict", "v": [["ok", True], ["value", {"$": "npscalar", "dtype": "O", "v": 1}]]}, "n": []}),
        frame({"v": {"$": "dict", "v": 5}, "n": []}),
        struct.pack("<Q", 2**62),
    ]
    os.write(WRITE_FD, forged[AL.size % 3])
    return 0.0
