# SPDX-License-Identifier: MIT
"""The text of the wtkit adapter protocol, adapter side.

Data never travels as raw bytes: every stream the kit writes (and the
peer sends) is the pattern byte k = k mod 251, so data is a length and a
list of tokens: "@P+N" is N pattern bytes starting at phase P (0..250),
"x<hex>" is literal bytes. See docs/adapter-protocol.md.
"""

import errno
import os

# The newest protocol this package speaks; it answers a kit's hello with
# the lower of the kit's version and this one (docs/adapter-protocol.md).
PROTOCOL = 2
PHASES = 251
RUN_MIN = 8
LITERAL_MAX = 32

_ONE = bytes(range(PHASES))
_block = _ONE * 64


def pattern(phase, n):
    """n bytes of the kit's stream pattern, starting at phase."""
    global _block
    if phase + n > len(_block):
        _block = _ONE * ((phase + n) // PHASES + 1)
    return _block[phase:phase + n]


def _run(data, i, limit):
    """How many bytes from i on follow the pattern (at most limit)."""
    b = data[i]
    if b >= PHASES:
        return 0
    n = 1
    end = min(len(data), i + limit)
    expect = (b + 1) % PHASES
    while i + n < end and data[i + n] == expect:
        expect = (expect + 1) % PHASES
        n += 1
    return n


def encode(data, budget=None):
    """Returns (covered, text): text is " <covered> tokens..." for the
    longest prefix of data whose tokens fit in budget characters (all of
    it when budget is None). Pattern data is one token, whatever its size."""
    n = len(data)
    if n == 0:
        return 0, ' 0'
    first = data[0]
    if first < PHASES and bytes(data) == pattern(first, n):
        return n, ' %d @%d+%d' % (n, first, n)
    toks = []
    used = 0
    i = 0
    while i < n:
        run = _run(data, i, n)
        if run >= RUN_MIN or run == n - i:
            tok = ' @%d+%d' % (data[i], run)
            step = run
        else:
            j = i
            while j < n and j - i < LITERAL_MAX:
                if j > i and _run(data, j, RUN_MIN) >= RUN_MIN:
                    break
                j += 1
            tok = ' x' + bytes(data[i:j]).hex()
            step = j - i
        if budget is not None and used + len(tok) > budget and i > 0:
            break
        toks.append(tok)
        used += len(tok)
        i += step
    return i, ' %d%s' % (i, ''.join(toks))


def decode(words):
    """Decodes ["<len>", tokens...] into bytes; raises ValueError."""
    if not words:
        raise ValueError('missing data length')
    n = int(words[0])
    out = bytearray()
    for tok in words[1:]:
        if tok.startswith('@'):
            phase, run = tok[1:].split('+')
            out += pattern(int(phase), int(run))
        elif tok.startswith('x'):
            out += bytes.fromhex(tok[1:])
        else:
            raise ValueError('bad data token %r' % tok)
    if len(out) != n:
        raise ValueError('data tokens give %d bytes, not %d' % (len(out), n))
    return bytes(out)


def decode_chunks(words):
    """Decodes "<len> tokens... <len> tokens..." (writelines) into a list."""
    chunks = []
    i = 0
    while i < len(words):
        n = int(words[i])
        j = i + 1
        got = 0
        while got < n:
            tok = words[j]
            if tok.startswith('@'):
                got += int(tok.split('+')[1])
            elif tok.startswith('x'):
                got += (len(tok) - 1) // 2
            else:
                raise ValueError('bad data token %r' % tok)
            j += 1
        chunks.append(decode(words[i:j]))
        i = j
    return chunks


# Kit status words the fake socket turns into the OSError a real socket raises.
_SOCKET_ERRORS = {
    'EAGAIN': (BlockingIOError, errno.EAGAIN),
    'EPIPE': (BrokenPipeError, errno.EPIPE),
    'ECONNRESET': (ConnectionResetError, errno.ECONNRESET),
    'ENOTSUP': (OSError, errno.ENOTSUP),
    'ECLOSED': (OSError, errno.EBADF),
    'EMSGSIZE': (OSError, errno.EMSGSIZE),
}


class KitError(RuntimeError):
    """The kit refused a request for a reason that is not a socket error."""


def error_for(status):
    """The exception for a kit status word, tagged with wt_code."""
    if status in _SOCKET_ERRORS:
        cls, num = _SOCKET_ERRORS[status]
        exc = cls(num, os.strerror(num))
    else:
        exc = KitError('the kit answered %s' % status)
    exc.wt_code = status
    return exc


def code_of(exc):
    """The word for an exception on the wire: its wt_code, else its class name."""
    if exc is None:
        return 'OK'
    code = getattr(exc, 'wt_code', None)
    if code:
        return code
    return type(exc).__name__


def clean_text(text, limit=200):
    """One line of printable ASCII for an `exc` or `report` message (other
    characters as backslash escapes, so a cut never splits one)."""
    text = str(text).encode('ascii', 'backslashreplace').decode('ascii')
    if not text.isprintable():
        text = ''.join(ch if ch.isprintable() else ' ' for ch in text)
    return ' '.join(text.split())[:limit]


def evidence(exc, context_message=None):
    """What the kit keeps beside the trace for an exception: its class and
    message (and the loop handler's message, when there is one)."""
    if exc is None:
        text = str(context_message or '')
    else:
        text = '%s: %s' % (type(exc).__name__, exc)
        if context_message:
            text += ' (%s)' % context_message
    return clean_text(text)
