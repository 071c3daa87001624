#!/usr/bin/env python3
"""Makes the TensorFlow V2 checkpoint ("tensor bundle") fixtures for tst_tf_bundle in OUT_DIR, written
from the format's description alone (no TensorFlow, no protobuf library): its own CRC-32C, its own
protobuf encoder for BundleHeaderProto / BundleEntryProto and its own LevelDB-style table writer
(prefix-compressed keys, restart points every 16 entries, uncompressed blocks with masked CRC trailers,
an index block, an empty metaindex block and the 48-byte footer).

Writes:
  good/small.ckpt     one shard: every supported dtype, a scalar, an empty tensor, an int64 global_step,
                      a misaligned float tensor, 24 more layers in 256-byte blocks (many blocks and restarts)
                      and a string _CHECKPOINTABLE_OBJECT_GRAPH (which the reader leaves out)
  good/sharded.ckpt   the same kind of tensors over 2 shards
  good/vgg_16.ckpt    TF-slim vgg_16 variable names with small made-up HWIO shapes
  expected.json       every good bundle's tensors (name, dtype, shape, values) in index order
  broken/*.ckpt       bundles broken in one way each (see BROKEN below)
  v1/vgg_16.ckpt      a single table file, as V1 checkpoints are

usage: make_tf_bundle.py OUT_DIR"""
import json
import os
import shutil
import struct
import sys

import numpy as np

# ------------------------------------------------------------------------------------------------
# CRC-32C (Castagnoli), bit by bit into a byte table, and LevelDB's mask.

def _crc_table():
    table = []
    for byte in range(256):
        c = byte
        for _ in range(8):
            c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
        table.append(c)
    return table


_CRC_TABLE = _crc_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = (c >> 8) ^ _CRC_TABLE[(c ^ b) & 0xFF]
    return c ^ 0xFFFFFFFF


def masked_crc(data):
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


# ------------------------------------------------------------------------------------------------
# Protobuf wire format (proto3: scalar fields equal to zero are not written).

def varint(n):
    if n < 0:
        n += 1 << 64  # int32/int64 negatives are ten bytes, two's complement
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def key_of(field, wire):
    return varint(field << 3 | wire)


def pb_varint(field, value):
    return b"" if value == 0 else key_of(field, 0) + varint(value)


def pb_bytes(field, payload):
    return key_of(field, 2) + varint(len(payload)) + payload


def pb_fixed32(field, value):
    return b"" if value == 0 else key_of(field, 5) + struct.pack("<I", value)


def header_proto(num_shards, endianness=0, producer=1, min_consumer=0):
    version = pb_varint(1, producer) + pb_varint(2, min_consumer)
    return pb_varint(1, num_shards) + pb_varint(2, endianness) + pb_bytes(3, version)


def shape_proto(dims):
    return b"".join(pb_bytes(2, pb_varint(1, d)) for d in dims)


def entry_proto(e):
    out = pb_varint(1, e["dtype"]) + pb_bytes(2, shape_proto(e["dims"]))  # the shape is always set
    out += pb_varint(3, e["shard_id"]) + pb_varint(4, e["offset"]) + pb_varint(5, e["size"])
    out += pb_fixed32(6, e["crc32c"])
    for s in e.get("slices", []):
        out += pb_bytes(7, s)
    return out


# ------------------------------------------------------------------------------------------------
# LevelDB-style table.

TABLE_MAGIC = 0xDB4775248B80FB57


class BlockBuilder:
    def __init__(self, restart_interval):
        self.restart_interval = restart_interval
        self.buf = bytearray()
        self.restarts = [0]
        self.counter = 0
        self.last = b""
        self.count = 0

    def add(self, key, value):
        shared = 0
        if self.counter < self.restart_interval:
            limit = min(len(self.last), len(key))
            while shared < limit and self.last[shared] == key[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buf))
            self.counter = 0
        self.buf += varint(shared) + varint(len(key) - shared) + varint(len(value)) + key[shared:] + value
        self.last = key
        self.counter += 1
        self.count += 1

    def size(self):
        return len(self.buf) + 4 * len(self.restarts) + 4

    def finish(self):
        return bytes(self.buf) + b"".join(struct.pack("<I", r) for r in self.restarts) + \
            struct.pack("<I", len(self.restarts))


def shortest_separator(start, limit):
    """A short key k with start <= k < limit (LevelDB's bytewise comparator's choice)."""
    i = 0
    while i < min(len(start), len(limit)) and start[i] == limit[i]:
        i += 1
    if i < min(len(start), len(limit)) and start[i] < 0xFF and start[i] + 1 < limit[i]:
        return start[:i] + bytes([start[i] + 1])
    return start


def short_successor(key):
    """A short key k >= key."""
    for i, b in enumerate(key):
        if b != 0xFF:
            return key[:i] + bytes([b + 1])
    return key


def build_table(items, block_size=4096, restart_interval=16, compression=0, block_hook=None, index_hook=None):
    """items: (key bytes, value bytes) in the order to write. block_hook(kind, contents) -> contents may
    corrupt a block before its trailer is computed; kind is ("data", n), ("meta",) or ("index",).
    index_hook(entries) -> entries may change the index's (key, encoded handle) entries."""
    out = bytearray()

    def write_block(contents, kind):
        if block_hook:
            contents = block_hook(kind, contents)
        offset = len(out)
        kind_byte = bytes([compression])
        out.extend(contents + kind_byte + struct.pack("<I", masked_crc(contents + kind_byte)))
        return varint(offset) + varint(len(contents))

    # The index maps a short key between a block's last key and the next block's first to the block.
    index_entries = []
    block = BlockBuilder(restart_interval)
    blocks = 0
    last_key = b""
    pending = None  # the handle of the block just written, indexed once the next key is known
    for key, value in items:
        if pending is not None:
            index_entries.append((shortest_separator(last_key, key), pending))
            pending = None
        block.add(key, value)
        last_key = key
        if block.size() >= block_size:
            pending = write_block(block.finish(), ("data", blocks))
            blocks += 1
            block = BlockBuilder(restart_interval)
    if block.count:
        pending = write_block(block.finish(), ("data", blocks))
    if pending is not None:
        index_entries.append((short_successor(last_key), pending))
    index = BlockBuilder(1)  # as LevelDB and TensorFlow write their index blocks
    for key, handle in (index_hook(index_entries) if index_hook else index_entries):
        index.add(key, handle)
    handles = write_block(BlockBuilder(restart_interval).finish(), ("meta",))
    handles += write_block(index.finish(), ("index",))
    return bytes(out) + handles + b"\0" * (40 - len(handles)) + struct.pack("<Q", TABLE_MAGIC)


# ------------------------------------------------------------------------------------------------
# Tensors and bundles.

DTYPES = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "int64": 9,
          "bfloat16": 14, "float16": 19}


def make_tensor(name, dtype, shape, rng, values=None):
    shape = list(shape)
    n = int(np.prod(shape)) if shape else 1
    if dtype == "bfloat16":  # float32 with the low 16 bits dropped
        bits = (rng.standard_normal(n).astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)
        raw = bits.astype("<u2").tobytes()
        expected = [float(v) for v in (bits.astype(np.uint32) << 16).view(np.float32)]
    else:
        if values is not None:
            arr = np.array(values, dtype=dtype).reshape(n)
        elif dtype.startswith("float"):
            arr = rng.standard_normal(n).astype(dtype)
        else:
            info = np.iinfo(dtype)
            arr = rng.integers(max(info.min, -1000), min(info.max, 1000), size=n, endpoint=True).astype(dtype)
        raw = arr.astype(np.dtype(dtype).newbyteorder("<")).tobytes()
        expected = [float(v) if dtype.startswith("float") else int(v) for v in arr]
    return {"name": name, "dtype": dtype, "dims": shape, "raw": raw, "values": expected}


def string_tensor(name, text):
    """A DT_STRING scalar as bundles store them: varint lengths, their masked CRC, then the bytes."""
    lengths = varint(len(text))
    raw = lengths + struct.pack("<I", masked_crc(lengths)) + text
    return {"name": name, "dtype": "string", "dt": 7, "dims": [], "raw": raw, "values": None}


def write_bundle(prefix, tensors, num_shards=1, shard_of=None, header=None, entry_hook=None, items_hook=None,
                 data_hook=None, table=None, written=None):
    """Writes PREFIX.index and PREFIX.data-*; tensors go to the shards in list order, keys sorted."""
    data = [bytearray() for _ in range(num_shards)]
    entries = {}
    for i, t in enumerate(tensors):
        shard = shard_of(i) if shard_of else i % num_shards
        entries[t["name"].encode()] = {
            "dtype": t.get("dt", DTYPES.get(t["dtype"])), "dims": list(t["dims"]), "shard_id": shard,
            "offset": len(data[shard]), "size": len(t["raw"]), "crc32c": masked_crc(t["raw"]),
        }
        data[shard] += t["raw"]
    items = [(b"", header_proto(**dict({"num_shards": num_shards}, **(header or {}))))]
    for key in sorted(entries):
        e = entries[key]
        if entry_hook:
            entry_hook(key.decode(), e)
        items.append((key, e["proto"] if "proto" in e else entry_proto(e)))
    if items_hook:
        items = items_hook(items)
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    paths = []
    for shard, blob in enumerate(data):
        path = "%s.data-%05d-of-%05d" % (prefix, shard, num_shards)
        with open(path, "wb") as f:
            f.write(data_hook(shard, bytes(blob)) if data_hook else blob)
        paths.append(path)
    with open(prefix + ".index", "wb") as f:
        f.write(build_table(items, **(table or {})))
    paths.append(prefix + ".index")
    if written is not None:
        written.extend(paths)
    return entries


def small_tensors(seed, layers=24):
    rng = np.random.default_rng(seed)
    ts = [
        make_tensor("a/bytes", "uint8", [3], rng),           # 3 bytes: the next tensor starts misaligned
        make_tensor("a/weights", "float32", [3, 3, 2, 4], rng),
        make_tensor("a/biases", "float32", [4], rng),
        make_tensor("global_step", "int64", [], rng, values=[12345]),
        make_tensor("b/double", "float64", [2, 3], rng),
        make_tensor("b/half", "float16", [5], rng),
        make_tensor("b/bf16", "bfloat16", [3, 2], rng),
        make_tensor("b/int32", "int32", [4], rng, values=[-2147483648, -1, 0, 2147483647]),
        make_tensor("b/int64", "int64", [2], rng, values=[-(2 ** 62) - 3, 2 ** 62 + 1]),
        make_tensor("b/int8", "int8", [4], rng, values=[-128, -1, 0, 127]),
        make_tensor("b/int16", "int16", [3], rng),
        make_tensor("c/empty", "float32", [0, 3], rng),
        make_tensor("c/scalar", "float32", [], rng),
    ]
    for i in range(layers):
        ts.append(make_tensor("model/layer_%02d/kernel" % i, "float32", [2, 3], rng))
        ts.append(make_tensor("model/layer_%02d/bias" % i, "float32", [3], rng))
    return ts


def vgg_tensors(seed):
    rng = np.random.default_rng(seed)
    convs = [("conv1", 2, 3, 4), ("conv2", 2, 4, 8), ("conv3", 3, 8, 8), ("conv4", 3, 8, 8), ("conv5", 3, 8, 8)]
    ts = []
    for block, count, cin, cout in convs:
        for i in range(1, count + 1):
            name = "vgg_16/%s/%s_%d/" % (block, block, i)
            ts.append(make_tensor(name + "weights", "float32", [3, 3, cin if i == 1 else cout, cout], rng))
            ts.append(make_tensor(name + "biases", "float32", [cout], rng))
    # TF-slim's fully connected layers are convolutions: fc6 7x7 in the original, here 2x2.
    for name, shape in [("fc6", [2, 2, 8, 16]), ("fc7", [1, 1, 16, 16]), ("fc8", [1, 1, 16, 10])]:
        ts.append(make_tensor("vgg_16/%s/weights" % name, "float32", shape, rng))
        ts.append(make_tensor("vgg_16/%s/biases" % name, "float32", shape[-1:], rng))
    ts.append(make_tensor("global_step", "int64", [], rng, values=[300000]))
    return ts


def expected_of(tensors):
    out = []
    for t in sorted(tensors, key=lambda t: t["name"].encode()):
        if t["values"] is None:
            continue
        out.append({"name": t["name"], "dtype": t["dtype"], "shape": t["dims"], "values": t["values"]})
    return out


# ------------------------------------------------------------------------------------------------
# Broken bundles: each a function of (prefix, written) that writes one.

def _vgg(prefix, written, **kw):
    return write_bundle(prefix, vgg_tensors(7), written=written, **kw)


def _rewrite(path, fn):
    with open(path, "rb") as f:
        blob = f.read()
    with open(path, "wb") as f:
        f.write(fn(blob))


def _set(key, **fields):
    def hook(name, e):
        if name == key:
            e.update(fields)
    return hook


def broken_truncated_index(prefix, written):
    _vgg(prefix, written)
    _rewrite(prefix + ".index", lambda b: b[:len(b) // 2])


def broken_tiny_index(prefix, written):
    _vgg(prefix, written)
    _rewrite(prefix + ".index", lambda b: b[:20])


def broken_bad_block_crc(prefix, written):
    _vgg(prefix, written)
    _rewrite(prefix + ".index", lambda b: b[:3] + bytes([b[3] ^ 0x20]) + b[4:])  # inside data block 0


def broken_bad_tensor_crc(prefix, written):
    entries = _vgg(prefix, written)
    e = entries[b"vgg_16/conv2/conv2_1/biases"]
    at = e["offset"] + 5
    _rewrite(prefix + ".data-00000-of-00001", lambda b: b[:at] + bytes([b[at] ^ 0x01]) + b[at + 1:])


def broken_offset_past_shard(prefix, written):
    total = sum(len(t["raw"]) for t in vgg_tensors(7))
    _vgg(prefix, written, entry_hook=_set("vgg_16/fc8/weights", offset=total - 8))


def broken_missing_shard(prefix, written):
    write_bundle(prefix, small_tensors(5, layers=2), num_shards=2, written=written)
    os.remove(prefix + ".data-00001-of-00002")
    written.remove(prefix + ".data-00001-of-00002")


def broken_absurd_shape(prefix, written):
    _vgg(prefix, written, entry_hook=_set("vgg_16/conv1/conv1_1/weights", dims=[2 ** 40, 2 ** 40, 2 ** 40]))


def broken_size_mismatch(prefix, written):
    _vgg(prefix, written, entry_hook=_set("vgg_16/conv1/conv1_1/biases", dims=[5]))


def broken_negative_dim(prefix, written):
    _vgg(prefix, written, entry_hook=_set("vgg_16/conv1/conv1_1/biases", dims=[-1]))


def broken_snappy(prefix, written):
    _vgg(prefix, written, table={"compression": 1})


def broken_bad_magic(prefix, written):
    _vgg(prefix, written)
    _rewrite(prefix + ".index", lambda b: b[:-8] + struct.pack("<Q", TABLE_MAGIC ^ 0xFF00))


def broken_big_endian(prefix, written):
    _vgg(prefix, written, header={"endianness": 1})


def broken_min_consumer(prefix, written):
    _vgg(prefix, written, header={"min_consumer": 5})


def broken_shard_out_of_range(prefix, written):
    _vgg(prefix, written, entry_hook=_set("vgg_16/fc7/biases", shard_id=3))


def broken_absurd_num_shards(prefix, written):
    _vgg(prefix, written, header={"num_shards": 1000000})


def broken_negative_num_shards(prefix, written):
    _vgg(prefix, written, header={"num_shards": -2})


def broken_unsupported_dtype(prefix, written):
    _vgg(prefix, written, entry_hook=_set("vgg_16/fc8/biases", dtype=8))  # DT_COMPLEX64


def broken_string_tensor(prefix, written):
    write_bundle(prefix, vgg_tensors(7) + [string_tensor("vgg_16/labels", b"cat")], written=written)


def broken_partitioned(prefix, written):
    extent = pb_bytes(1, pb_varint(1, 0) + pb_varint(2, 2))  # TensorSliceProto { extent { start: 0 length: 2 } }
    _vgg(prefix, written, entry_hook=_set("vgg_16/fc6/weights", slices=[extent]))


def broken_malformed_entry(prefix, written):
    _vgg(prefix, written, entry_hook=_set("vgg_16/conv3/conv3_1/weights", proto=b"\x08\x01\x12\xff\x01\x08"))


def broken_handle_past_end(prefix, written):
    _vgg(prefix, written)

    def fix(b):
        footer, values, at = b[-48:], [], 0
        for _ in range(2):  # the metaindex handle is kept: varint64 offset, varint64 size
            value, shift = 0, 0
            while True:
                value |= (footer[at] & 0x7F) << shift
                shift += 7
                at += 1
                if footer[at - 1] < 0x80:
                    break
            values.append(value)
        handles = varint(values[0]) + varint(values[1]) + varint(10 ** 9) + varint(100)
        return b[:-48] + handles + b"\0" * (40 - len(handles)) + b[-8:]
    _rewrite(prefix + ".index", fix)


def broken_bad_restarts(prefix, written):
    def hook(kind, contents):
        return contents[:-4] + struct.pack("<I", 0xFFFFFF) if kind == ("data", 0) else contents
    _vgg(prefix, written, table={"block_hook": hook})


def broken_restart_misplaced(prefix, written):
    def hook(kind, contents):
        if kind != ("data", 0):
            return contents
        n = struct.unpack("<I", contents[-4:])[0]
        assert n >= 2, "the first data block needs a second restart point"
        at = len(contents) - 8  # the last restart offset
        last = struct.unpack("<I", contents[at:at + 4])[0]
        return contents[:at] + struct.pack("<I", last + 1) + contents[-4:]
    _vgg(prefix, written, table={"block_hook": hook})


def broken_shared_too_long(prefix, written):
    def hook(kind, contents):
        if kind != ("data", 0):
            return contents
        # The first entry is the header: shared 0, key length 0, value length v, then v bytes.
        v = contents[2]
        assert contents[0] == 0 and contents[1] == 0 and v < 128
        second = 3 + v
        return contents[:second] + bytes([100]) + contents[second + 1:]  # shares 100 bytes of ""
    _vgg(prefix, written, table={"block_hook": hook})


def broken_overlapping_blocks(prefix, written):
    # The index lists data block 0 a second time, under a later key.
    _vgg(prefix, written, table={"index_hook": lambda entries: entries + [(entries[-1][0] + b"~", entries[0][1])]})


def broken_keys_out_of_order(prefix, written):
    def swap(items):
        items = list(items)
        items[3], items[4] = items[4], items[3]
        return items
    _vgg(prefix, written, items_hook=swap)


def broken_no_header(prefix, written):
    _vgg(prefix, written, items_hook=lambda items: items[1:])


def broken_huge_key(prefix, written):
    rng = np.random.default_rng(1)
    write_bundle(prefix, [make_tensor("x" * 70000, "float32", [2], rng)], written=written,
                 table={"block_size": 1 << 20})


def broken_overlapping(prefix, written):
    rng = np.random.default_rng(2)
    ts = [make_tensor("a", "float32", [4], rng), make_tensor("b", "float32", [4], rng)]
    # "b" is made to point at "a"'s bytes, with "a"'s checksum, and the shard holds only those 16 bytes.
    crc = masked_crc(ts[0]["raw"])
    write_bundle(prefix, ts, written=written, entry_hook=_set("b", offset=0, crc32c=crc),
                 data_hook=lambda shard, blob: blob[:16])


BROKEN = {name[len("broken_"):]: fn for name, fn in globals().items() if name.startswith("broken_")}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    for sub in ("good", "broken", "v1"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    written = []

    small = small_tensors(1) + [string_tensor("_CHECKPOINTABLE_OBJECT_GRAPH", b"\x0a\x00")]
    write_bundle(os.path.join(out, "good", "small.ckpt"), small, table={"block_size": 256}, written=written)
    sharded = small_tensors(2, layers=8)
    write_bundle(os.path.join(out, "good", "sharded.ckpt"), sharded, num_shards=2, written=written,
                 shard_of=lambda i: 1 if i % 3 == 1 else 0, table={"block_size": 512})
    vgg = vgg_tensors(7)
    write_bundle(os.path.join(out, "good", "vgg_16.ckpt"), vgg, written=written)
    expected = {"small": {"prefix": "good/small.ckpt", "tensors": expected_of(small)},
                "sharded": {"prefix": "good/sharded.ckpt", "tensors": expected_of(sharded)},
                "vgg_16": {"prefix": "good/vgg_16.ckpt", "tensors": expected_of(vgg)}}
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f)
    written.append(os.path.join(out, "expected.json"))

    for name, fn in BROKEN.items():
        fn(os.path.join(out, "broken", name + ".ckpt"), written)

    # A V1 checkpoint is one table file (its values are SavedTensorSlices protos; any will do here).
    v1 = os.path.join(out, "v1", "vgg_16.ckpt")
    os.makedirs(os.path.dirname(v1), exist_ok=True)
    with open(v1, "wb") as f:
        f.write(build_table([(b"", b"\x0a\x00"), (b"vgg_16/fc8/biases", b"\x12\x00")]))
    written.append(v1)

    for path in written:
        print("%8d  %s" % (os.path.getsize(path), os.path.relpath(path, out)))
    print("wrote %d files (%d broken bundles) to %s" % (len(written), len(BROKEN), out))


if __name__ == "__main__":
    main()
