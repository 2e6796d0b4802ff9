"""The Whoosh codec used to write rebuilt indexes (bigger posting blocks, field lengths in memory)."""
from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, byte_to_length

from champions.search.whoosh_fast import SegmentData


class RebuildCodec(W3Codec):
    """Whoosh's codec for rebuilds: bigger uncompressed posting blocks (fewer, cheaper block
    reads at query time) and field lengths read from memory while postings are written
    (Whoosh looks a length up from the column file once per posting)."""

    def __init__(self, blocklimit=512, compression=0, inlinelimit=1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def per_document_reader(self, storage, segment):
        return _MemoryLengthsReader(storage, segment)


class _MemoryLengthsReader(W3PerDocReader):
    """A per-document reader that loads each field's length column once."""

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._all_lengths: dict = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        if fieldname not in self._all_lengths:
            found = SegmentData._column_bytes(_Perdoc(self), f"_{fieldname}_len", "B")
            self._all_lengths[fieldname] = (found[0].tobytes() + bytes(found[1])) if found else None
        lengths = self._all_lengths[fieldname]
        if lengths is None:
            return default
        lbyte = lengths[docnum]
        return byte_to_length(lbyte) if lbyte else None


class _Perdoc:
    """Adapter: SegmentData._column_bytes expects a segment reader with _perdoc."""

    def __init__(self, perdoc):
        self._perdoc = perdoc
