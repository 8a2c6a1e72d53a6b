# SPDX-License-Identifier: MIT
"""Argument kinds: the Python object a write's bytes are handed over as.

The kit says a kind with each write and writelines (`write 100 as
bytearray-cleared`, docs/wts.md "Argument kinds"); the data is always the
stream's bytes, and whatever the object, its bytes in logical order are
exactly those and its nbytes is their count. What the caller does right
after the call returns is part of the kind: a `bytearray-overwritten`
buffer is overwritten in place, a `bytearray-cleared` one overwritten and
then cleared, both with bytes 251..255, which the stream pattern (byte k
is k mod 251) never holds; so a transport that kept the caller's object
instead of a copy sends bytes the peer refuses.

The words are op.h's WT_WRITE_KIND_MAP and WT_LINES_KIND_MAP, in order.
"""

import array

WRITE_KINDS = ('bytes', 'bytearray', 'bytearray-overwritten', 'bytearray-cleared',
               'memoryview', 'memoryview-bytearray', 'memoryview-array', 'memoryview-2d',
               'memoryview-strided')
LINES_KINDS = ('list', 'tuple', 'generator', 'mixed')

# The kinds a transport may refuse with TypeError or BufferError: the
# docs' "data bytes" do not cover a non-contiguous view.
REFUSABLE = frozenset(('memoryview-strided',))

# array typecodes by item size, largest first: one whose size divides n
# makes a view of nbytes == n.
_ARRAY_CODES = ('q', 'i', 'h', 'B')

_FILLER = bytes(range(251, 256))


def filler(n):
    """n bytes the stream pattern never holds (251..255 in turn)."""
    return (_FILLER * (n // len(_FILLER) + 1))[:n]


def _overwrite(buf):
    buf[:] = filler(len(buf))  # the same length: allowed while a view is exported


def _clear(buf):
    _overwrite(buf)
    try:
        buf.clear()
    except BufferError:
        pass  # the transport holds a view of it: the filler stays, and is what it sends


def _array_view(data):
    n = len(data)
    for code in _ARRAY_CODES:
        arr = array.array(code)
        if n % arr.itemsize == 0:
            arr.frombytes(data)
            return memoryview(arr)
    raise AssertionError('typecode B has item size 1')


def _view_2d(data):
    """A C-contiguous two-dimensional view: items of 2 bytes when n is even,
    rows the least divisor of the item count above 1 (one row when none)."""
    n = len(data)
    if n == 0:
        return memoryview(data)  # a shape with a zero cannot be made
    fmt, size = ('H', 2) if n % 2 == 0 else ('B', 1)
    items = n // size
    rows = next((d for d in range(2, min(items, 64) + 1) if items % d == 0), 1)
    return memoryview(data).cast(fmt, shape=[rows, items // rows])


def _strided(data):
    """Every other byte of a bytearray: the data at even places, the filler at odd."""
    n = len(data)
    buf = bytearray(2 * n)
    buf[0::2] = data
    buf[1::2] = filler(n)
    return memoryview(buf)[::2]


def make_write(kind, data):
    """(obj, after): the object for write(), and what the caller does to
    it once the call has returned (a callable, or None)."""
    if kind in ('bytes', ''):
        return bytes(data), None
    if kind == 'bytearray':
        return bytearray(data), None
    if kind == 'bytearray-overwritten':
        buf = bytearray(data)
        return buf, lambda: _overwrite(buf)
    if kind == 'bytearray-cleared':
        buf = bytearray(data)
        return buf, lambda: _clear(buf)
    if kind == 'memoryview':
        return memoryview(bytes(data)), None
    if kind == 'memoryview-bytearray':
        return memoryview(bytearray(data)), None
    if kind == 'memoryview-array':
        return _array_view(bytes(data)), None
    if kind == 'memoryview-2d':
        return _view_2d(bytes(data)), None
    if kind == 'memoryview-strided':
        return _strided(bytes(data)), None
    raise ValueError('unknown write kind %r' % kind)


def mixed_kind(i):
    """The write kind of chunk i under `mixed`: every kind in turn, from
    bytearray-overwritten (chunk 6 is the non-contiguous view)."""
    return WRITE_KINDS[(2 + i) % len(WRITE_KINDS)]


def make_lines(kind, chunks):
    """(iterable, after, refusable) for writelines(): after undoes the
    caller's buffers as their kinds say; refusable when an element is a
    kind the transport may refuse."""
    chunks = [bytes(c) for c in chunks]
    if kind in ('list', ''):
        return chunks, None, False
    if kind == 'tuple':
        return tuple(chunks), None, False
    if kind == 'generator':
        return (c for c in chunks), None, False
    if kind == 'mixed':
        made = [make_write(mixed_kind(i), c) for i, c in enumerate(chunks)]
        afters = [after for _, after in made if after is not None]

        def after_all():
            for after in afters:
                after()
        refusable = any(mixed_kind(i) in REFUSABLE for i in range(len(chunks)))
        return iter([obj for obj, _ in made]), after_all, refusable
    raise ValueError('unknown writelines kind %r' % kind)


def refusal_code(exc, refusable):
    """The kit's word for an exception a write with a kind raised, or None
    for the usual one: a refusable kind refused with TypeError or
    BufferError is EBUFFER (the call wrote nothing, and the contract allows
    it); a BufferError of any other kind is no refusal (EUNEXPECTED)."""
    if refusable and isinstance(exc, (TypeError, BufferError)):
        return 'EBUFFER'
    if isinstance(exc, BufferError):
        return 'EUNEXPECTED'
    return None


def split_kind(words):
    """(words, kind): a line's words without a trailing `as KIND`."""
    if len(words) >= 2 and words[-2] == 'as':
        return words[:-2], words[-1]
    return words, ''
