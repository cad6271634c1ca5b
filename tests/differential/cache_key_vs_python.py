#!/usr/bin/env python3
"""The kernel's deriveCacheKey must equal what Mizan's Python server computes.

Usage: python3 cache_key_vs_python.py <path-to-cache_key_cli>

Feeds the PROTOCOL.md §5 example rows, a few malformed inputs and 3000 seeded
random cases (unusual Unicode, lone surrogates, control characters, huge
integers, awkward floats, tricky key orders) to the CLI, one JSON line each,
and compares every key with the documented Python formula.
"""
import decimal
import hashlib
import hmac
import json
import random
import struct
import subprocess
import sys

CASES = 3000
SEED = 20261121

# PROTOCOL.md §5 examples: (secret, context, params, user, rev, key).
PROTOCOL_ROWS = [
    ("test-secret", "user", {"user_id": 42}, None, 0,
     "ctx:user:e0c738b614dcd849274c89d736c8c2ee5c4444c7ec677796ac2a2298b3865632"),
    ("test-secret", "user", {"user_id": 42}, "42", 3,
     "ctx:user:251d5d18c371ae3d71980bceebe2dde1b3f1106e642c65beea428e12325bd13a"),
    ("edge-secret", "global", {}, None, 0,
     "ctx:global:2d764684aea8fc1c22fd5301c7e7d92d5edd34c98928fa3f619ebe34f17824b3"),
]
PROTOCOL_MESSAGE = (("search", {"q": "café", "flag": True, "x": None}),
                    '{"c":"search","p":{"flag":"true","q":"caf\\u00e9","x":"null"},"r":0}')

# Inputs the kernel must refuse, with the code it must refuse them with.
MALFORMED = [
    ({"secret": "s", "context": "", "params": {}, "rev": 0}, "ERROR INVALID_ARGUMENT "),
    ({"secret": "s", "context": "c", "params": {"a": [1]}, "rev": 0}, "ERROR INVALID_PARAMS "),
    ({"secret": "s", "context": "c", "params": {"a": {"b": 1}}, "rev": 0}, "ERROR INVALID_PARAMS "),
    ({"secret": "s", "context": "c", "params": [], "rev": 0}, "ERROR INVALID_PARAMS "),
]


def js_number_string(x):
    """ECMA-262 Number::toString; Python ints become doubles first, as in JS."""
    f = float(x)
    if f == 0:
        return "0"  # -0 too
    # repr gives the shortest digits that round-trip (closest when tied), the
    # digit string ECMA-262 asks for.
    sign, digit_tuple, exponent = decimal.Decimal(repr(abs(f))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k = len(digits)
    n = exponent + k
    if k <= n <= 21:
        s = digits + "0" * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * -n + digits
    else:
        mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
        s = "%se%s%d" % (mantissa, "+" if n - 1 >= 0 else "-", abs(n - 1))
    return ("-" if f < 0 else "") + s


def js_string(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    return js_number_string(value)


def cache_key_message(context, params, user, rev):
    body = {"c": context, "p": {k: js_string(v) for k, v in params.items()}, "r": rev}
    if user is not None:
        body["u"] = user
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def python_cache_key(secret, context, params, user, rev):
    message = cache_key_message(context, params, user, rev)
    digest = hmac.new(secret.encode("utf-8", "surrogatepass"), message.encode(), hashlib.sha256).hexdigest()
    return "ctx:%s:%s" % (context, digest)


ASCII = [chr(c) for c in range(0x20, 0x7F)]
QUOTING = ['"', "\\", "/", "'"]
CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
ACCENTS = list("éèñüßÅçøÉÑ")
CJK = list("日本語中文한국어漢字")
ASTRAL = ["😀", "🎉", "𝄞", "𠜎", "\U0010ffff", "\U00010000"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"]
ODD_BMP = ["\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff", "\ue000", "\u0100", "\u07ff", "\u0800"]
CATEGORIES = [ASCII, ASCII, QUOTING, CONTROLS, ACCENTS, CJK, ASTRAL, SURROGATES, ODD_BMP]

# Keys chosen so that code-point order differs from UTF-16 order (astral vs
# U+E000..U+FFFF), from case-insensitive order, and involves the empty key
# and prefixes.
TRICKY_KEYS = ["é", "\ue000", "😀", "a", "B", "", "A", "b", "aa", "a\x00", "\x7f", "\uffff",
               "\ud800", "\udfff", "𝄞", '"', "\\", "/", " ", "Z", "z", "ñ", "日"]

# Powers of two have an asymmetric rounding interval, where the nearest
# decimal of a given length may not round-trip but its neighbour does
# (2**-24 is 5.960464477539063e-8 in JS, not ...0625e-8; 2**89 below is
# the same case reached through an integer token).
SPECIAL_FLOATS = [2.0 ** -24, 2.0 ** -44, 2.0 ** 896, 1.0, 0.1, 1e21, 1e-7, 5e-324, -0.0, 0.0, 1e20,
                  123e-20, 0.000001, 1.5, -2.5, 1e-6, 1e-5, 1.7976931348623157e308, 2.2250738585072014e-308,
                  9007199254740993.0, 100.0, 1e100, 0.3, 2.0 ** -1074, 2.0 ** 60, 123456789012345680000.0,
                  1.2e21]
SPECIAL_INTS = [2 ** 89, 0, 1, -1, 42, 2 ** 53, 2 ** 53 + 1, -(2 ** 53) - 1, 2 ** 63 - 1, -(2 ** 63), 2 ** 64,
                2 ** 64 + 1, 2 ** 70, 10 ** 21, 10 ** 21 - 1, 10 ** 22, 123456789012345678901234567890,
                999999999999999, 1000000000000000, 9999999999999999]


def random_string(rng, max_len=8, allow_surrogates=True, allow_newline=True):
    out = []
    for _ in range(rng.randint(0, max_len)):
        category = rng.choice(CATEGORIES)
        c = rng.choice(category)
        if (c in SURROGATES and not allow_surrogates) or (c == "\n" and not allow_newline):
            c = rng.choice(ASCII)
        out.append(c)
    return "".join(out)


def random_float(rng):
    choice = rng.randrange(5)
    if choice == 0:
        return rng.choice(SPECIAL_FLOATS)
    if choice == 1:  # any finite bit pattern
        while True:
            f = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
            if f == f and abs(f) != float("inf"):
                return f
    if choice == 2:  # short decimals around the notation switches (1e-7, 1e21)
        return float("%de%d" % (rng.randint(-999, 999), rng.randint(-30, 30)))
    if choice == 3:  # powers of two: asymmetric rounding intervals
        return rng.choice([1, -1]) * 2.0 ** rng.randint(-1074, 1023)
    return rng.uniform(-1e6, 1e6)


def random_int(rng):
    choice = rng.randrange(4)
    if choice == 0:
        return rng.choice(SPECIAL_INTS)
    if choice == 1:
        return rng.randint(-10 ** 6, 10 ** 6)
    if choice == 2:  # beyond 2**53 and 2**64: JS rounds them to a double
        return rng.choice([1, -1]) * rng.randint(2 ** 53, 2 ** 100)
    return rng.randint(-(10 ** 15), 10 ** 15)


def random_value(rng):
    kind = rng.randrange(7)
    if kind <= 1:
        return random_string(rng)
    if kind == 2:
        return random_int(rng)
    if kind == 3:
        return random_float(rng)
    if kind == 4:
        return rng.choice([True, False])
    if kind == 5:
        return None
    return rng.choice(["", "true", "null", "1", "1.0", "-0"])  # strings that look like other types


def random_key(rng):
    return rng.choice(TRICKY_KEYS) if rng.random() < 0.6 else random_string(rng, max_len=5)


def random_case(rng):
    params = {}
    for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 6, 10])):
        params[random_key(rng)] = random_value(rng)
    rev_kind = rng.randrange(10)
    if rev_kind < 7:
        rev = rng.randint(0, 10 ** 6)
    elif rev_kind < 9:
        rev = rng.randint(-(10 ** 6), -1)
    else:
        rev = rng.choice([0, 2 ** 63 - 1, -(2 ** 63)])
    case = {
        # The CLI prints secrets nowhere but contexts raw: neither may hold
        # lone surrogates, and a context must be one non-empty line.
        "secret": rng.choice(["", "test-secret", "k" * 100]) if rng.random() < 0.2
        else random_string(rng, max_len=80, allow_surrogates=False),
        "context": random_string(rng, allow_surrogates=False, allow_newline=False) or "ctx",
        "params": params,
        "rev": rev,
    }
    if rng.random() < 0.7:
        case["user"] = random_string(rng)
    return case


def encode_line(case, ascii_only):
    """One JSON line; raw UTF-8 (ensure_ascii=False) only when it is valid UTF-8."""
    if not ascii_only:
        try:
            return json.dumps(case, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: only the escaped form can carry it
            pass
    return json.dumps(case, ensure_ascii=True).encode("ascii")


def expected_key(line):
    # Computed from the line as decoded, as a server would see it: an escaped
    # high surrogate followed by an escaped low one is one astral character.
    c = json.loads(line)
    return python_cache_key(c["secret"], c["context"], c["params"], c.get("user"), c["rev"])


def run_cli(cli, lines):
    result = subprocess.run([cli], input=b"".join(line + b"\n" for line in lines),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if result.returncode != 0:
        sys.exit("%s exited with %d: %s" % (cli, result.returncode, result.stderr.decode(errors="replace")))
    outputs = result.stdout.split(b"\n")
    if outputs[-1] != b"":
        sys.exit("%s: output does not end with a newline" % cli)
    outputs = outputs[:-1]
    if len(outputs) != len(lines):
        sys.exit("%s printed %d lines for %d inputs" % (cli, len(outputs), len(lines)))
    return [o.decode("utf-8") for o in outputs]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cli = sys.argv[1]

    # The reference formula must reproduce the protocol's own examples before
    # it may judge the kernel.
    (context, params), message = PROTOCOL_MESSAGE
    assert cache_key_message(context, params, None, 0) == message, cache_key_message(context, params, None, 0)
    for secret, context, params, user, rev, key in PROTOCOL_ROWS:
        assert python_cache_key(secret, context, params, user, rev) == key, (context, params, user, rev)

    lines, expected, exact = [], [], []
    for secret, context, params, user, rev, key in PROTOCOL_ROWS:
        case = {"secret": secret, "context": context, "params": params, "rev": rev}
        if user is not None:
            case["user"] = user
        lines.append(encode_line(case, ascii_only=True))
        expected.append(key)
        exact.append(True)
    for case, prefix in MALFORMED:
        lines.append(encode_line(case, ascii_only=True))
        expected.append(prefix)
        exact.append(False)

    rng = random.Random(SEED)
    random_start = len(lines)
    for _ in range(CASES):
        line = encode_line(random_case(rng), ascii_only=rng.random() < 0.5)
        lines.append(line)
        expected.append(expected_key(line))
        exact.append(True)
    raw_utf8 = sum(1 for line in lines[random_start:] if not line.isascii())

    actual = run_cli(cli, lines)
    mismatches = [(line, want, got) for line, want, got, whole in zip(lines, expected, actual, exact)
                  if (got != want if whole else not got.startswith(want))]
    if mismatches:
        print("%d of %d cache keys differ from Python's; the first %d:" %
              (len(mismatches), len(lines), min(10, len(mismatches))))
        for line, want, got in mismatches[:10]:
            print("  input:    %s" % line.decode("utf-8"))
            print("  expected: %r" % want)
            print("  actual:   %r" % got)
        return 1
    print("%d cache keys identical to Python's (%d protocol rows, %d random: %d as raw UTF-8); "
          "%d malformed inputs refused" % (len(PROTOCOL_ROWS) + CASES, len(PROTOCOL_ROWS), CASES, raw_utf8,
                                           len(MALFORMED)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
