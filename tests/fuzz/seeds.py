#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora, tests/fuzz/corpus/<target>/<name>.

The seeds are committed; this script documents what each one is and rewrites
them all (python3 tests/fuzz/seeds.py). The store target reads its input
through FuzzedDataProvider, so its seeds are scripts encoded by `Script`
below, whose tables and choices must stay in step with store_fuzz.cpp.
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
DJANGO_DEBUG_500 = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta http-equiv="content-type" content="text/html; charset=utf-8">\n'
    "  <title>ZeroDivisionError at /api/mizan/call/</title>\n</head>\n<body>\n<div id=\"summary\">\n"
    "  <h1>ZeroDivisionError at /api/mizan/call/</h1>\n  <pre class=\"exception_value\">division by zero</pre>\n"
    "</div>\n</body>\n</html>\n"
)
DEEP = "[" * 300 + "]" * 300
DEEP_OK = "[" * 255 + "]" * 255


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


INVALIDATE_HEADER = {
    # PROTOCOL.md section 4 and tests/fixtures/invalidate_header.json
    "broad": "user",
    "two-broad": "user, notifications",
    "protocol-example": "user;user_id=5, notifications",
    "several-params": "board;board_id=1;tab=cards",
    "whitespace-everywhere": "  user ;\tuser_id = 5 ,\t notifications  ",
    "empty-items": ",user,, ,notifications,",
    "empty": "",
    "empty-param-segments": "user;;user_id=5;",
    "python-quote": "search;q=a%3Bb%2Cc%3Dd%20e%22f%25g%C3%A9%F0%9F%98%80/h",
    "lowercase-hex": "search;q=%c3%a9",
    "encoded-key-and-context": "my%20ctx;user%20id=5",
    "malformed-mix": "user;user_id, notifications, ;x=1, board;a=%zz, team;=3, feed;a=1;a=2, ok",
    "raw-space-in-value": "search;q=a b, user",
    "truncated-escape": "search;q=%4",
    "escape-not-utf8": "search;q=%FF",
    "escaped-surrogate": "user;user_id=%ED%A0%80",
    "raw-non-ascii": "caf\u00e9",
    "empty-value": "user;q=",
    "control-bytes": "user\r\n, x\x00y, z;a=%00",
    "many-items": ", ".join(f"ctx{k};id={k}" for k in range(60)),
    # JSON target lists: the formatter's direction
    "json-targets": dumps(["user", {"context": "user", "params": {"user_id": 5}}]),
    "json-normalised": dumps([{"context": "c", "params": {"b": True, "a": None, "c": 1.5, "d": 1e21}}]),
    "json-quote": dumps([{"context": "s", "params": {"q": 'a;b,c=d e"f%g\u00e9\U0001f600/h'}}]),
    "json-function": dumps([{"function": "user_profile"}, "user"]),
    "json-nested-param": dumps([{"context": "c", "params": {"a": [1]}}]),
    "json-big-numbers": '[{"context":"big","params":{"n":12345678901234567890,"m":5e-324,"z":-0}}]',
}

ENVELOPE = {
    "bare-result": '200\n{"result": {"id": 1}}',
    "null-result": '200\n{"result": null}',
    "invalidate-three-forms": '200\n{"result": 1, "invalidate": ["user", {"context": "user", "params": {"user_id": 5}}, '
    '{"function": "user_profile"}]}',
    "merge-entries": '200\n{"result": {"id": 3}, "merge": [{"context": "board", "slot": "cards", "value": {"id": 3}, '
    '"params": {"board_id": 1}}, {"context": "session", "slot": "me", "value": "x"}]}',
    "bad-items-skipped": '200\n{"result": 1, "invalidate": ["user", 5, {"context": 1}, {}, {"context": "a", "params": []}], '
    '"merge": [{"context": "b"}, 7, {"context": "b", "slot": "s", "value": 1}]}',
    "invalidate-not-list": '200\n{"result": 1, "invalidate": "user", "merge": {}}',
    "no-content": "204\n",
    "empty-200": "200\n",
    "fastapi-error": '403\n{"error": {"code": "PRIVATE_FUNCTION", "message": "nope", "details": {"fn": "x"}}}',
    "django-error": '400\n{"error": true, "code": "VALIDATION_ERROR", "message": "title is required", '
    '"details": {"title": ["required"]}}',
    "django-no-details": '401\n{"error": true, "code": "BAD_TOKEN", "message": "token expired"}',
    "django-error-false": '401\n{"error": false, "code": "X"}',
    "fastapi-detail": '404\n{"detail": "Not Found"}',
    "fastapi-validation": '422\n{"detail": [{"loc": ["body", "title"], "msg": "field required", '
    '"type": "value_error.missing"}]}',
    "html-502": "502\n" + HTML_502,
    "django-debug-500": "500\n" + DJANGO_DEBUG_500,
    "empty-500": "500\n",
    "error-in-200": '200\n{"error": {"code": "X", "message": "in a 200"}}',
    "error-string-in-200": '200\n{"error": "plain string"}',
    "array-200": "200\n[1,2]",
    "truncated": '200\n{"result": [1, 2',
    "big-numbers": '200\n{"result": [1e308, -1e-400, 123456789012345678901234567890, 9007199254740993, -0, 1E+2]}',
    "number-out-of-range": '200\n{"result": 1e400}',
    "lone-surrogates": '200\n{"result": "\\ud800", "merge": [{"context": "\\udc00", "slot": "s", "value": "\\udbff"}]}',
    "deep-nesting": '200\n{"result": ' + DEEP + "}",
    "deep-nesting-ok": '200\n{"result": ' + DEEP_OK + "}",
    "invalid-utf8": '400\n{"error": {"code": "\xff"}}',
    "duplicate-keys": '200\n{"result": 1, "result": 2, "merge": null, "merge": [{"context":"b","slot":"s","value":1}]}',
    "status-zero": "0\n",
    "status-negative": "-1\n{}",
    "status-999": '999\n{"error": {"code": "", "message": ""}}',
    "redirect-html": "301\n<html>Moved</html>",
    "no-status-line": '{"result": true}',
}

JSON = {
    "scalars": "[true, false, null, 0, -0, 1.5, -1.5e-7, 1E+2, \"x\"]",
    "bundle": '{"user_profile": {"name": "A", "tags": ["x"]}, "user_orders": [{"id": 1}, {"id": 2}]}',
    "whitespace": ' \t\r\n{ "b" : [ 1 , 2.50 , -0 , 1E3 ] , "a" : { } , "c" : [ ] , "d" : "x" } \n',
    "duplicate-keys": '{"a":1,"b":2,"a":3}',
    "many-duplicate-keys": "{" + ",".join(f'"k{k % 7}":{k}' for k in range(40)) + "}",
    "escapes": '"\\u00e9\\ud83d\\ude00\\n\\"\\\\\\/\\b\\f\\r\\t\\u0000\\u001f\\u007f"',
    "lone-surrogates": '["\\ud800", "\\udc00", "\\ud800\\ud800\\udc00", "\\udbff\\u0041", "x\\ud800"]',
    "raw-utf8": '"caf\u00e9 \u2028 \U0001f600 \uffff"',
    "invalid-utf8": b'"\xff\xfe"',
    "overlong-utf8": b'"\xc0\xaf \xe0\x80\xaf"',
    "encoded-surrogate": b'"\xed\xa0\x80"',
    "control-in-string": '"a\tb"',
    "big-numbers": "[1.7976931348623157e308, 5e-324, 2.4703282292062328e-324, 12345678901234567890, 9007199254740993]",
    "overflow": "1.7976931348623159e308",
    "huge-exponent": "[1e999999999999, 0e999999999, 1e-999999999]",
    "deep-256": DEEP_OK[:1] + DEEP_OK + "]",
    "deep-257": "[" * 257 + "]" * 257,
    "deep-objects": '{"a":' * 200 + "1" + "}" * 200,
    "trailing-garbage": '{"a":1} x',
    "truncated": '{"a":[1,',
    "bad-literals": "[tru, nul, -, 01, 1., .5, +1]",
}

# json_oracle compares the kernel with nlohmann/json: the json seeds plus
# the documented differences (tests/kernel/json_oracle.h) and the numbers
# hardest to round.
JSON_ORACLE = {
    **JSON,
    "byte-order-mark": "\ufeff{\"a\": [1, \"x\"]}",
    "nul-after-value": b'{"a": 1}\x00{"b": 2}',
    "nul-in-string": b'"a\x00b"',
    "negative-zero": "[-0, -0.0, -0e0, -1e-400, 0]",
    "escaped-duplicate-keys": '{"a": 1, "\\u0061": 2, "b": {"\\u00e9": 1, "\u00e9": [2]}}',
    "escape-case": '"\\u00E9\\u00e9\\uD83D\\ude00\\uFEFF\\u2028"',
    "controls-and-del": '"\\u0000\\u001f\\u007f\x7f\\b\\f"',
    "integers": "[9007199254740992, 9007199254740993, -9007199254740993, 9223372036854775807, 9223372036854775808, "
    "-9223372036854775809, 18446744073709551615, 18446744073709551616, 123456789012345678901234567890]",
    "ties": "[1.00000000000000011102230246251565404236316680908203125, "
    "1.00000000000000011102230246251565404236316680908203126, 2.4703282292062327e-324, 2.4703282292062328e-324, "
    "9007199254740993, 9007199254740995]",
    "max-double": "[1.7976931348623157e308, 1.7976931348623158e308, 1.7976931348623158079e308]",
    "max-double-tie": str(2**1024 - 2**970),  # rounds to even: 2^1024, refused
    "shortest-spellings": "[1e21, 1e-7, 123e-20, 0.000001, 1.5e300, 5e-324, 2e-323, 100, 1E2, 0.1, 0.3]",
}

STABLE_KEY = {
    "protocol-example": '{"user_id": 42}',
    "key-order": '{"b": 1, "a": 2}',
    "normalised": '{"q": "caf\u00e9", "flag": true, "x": null}',
    "nested": '{"z": {"b": [1, {"d": 1, "c": 2}], "a": 1}, "a": [3, 2, 1]}',
    "numbers": '{"a": 1e21, "b": 1.0, "c": -0, "d": 5e-324, "e": 12345678901234567890, "f": 0.1}',
    "utf8-order": '{"\U0001f600": 1, "\uffff": 2, "\u00e9": 3, "e": 4, "\u007f": 5, "": 6}',
    "lone-surrogate-keys": '{"\\ud800": 1, "\\udc00": 2, "\\ud83d\\ude00": 3}',
    "controls": '{"u": "\\u0000\\u001f\\u007f\\u2028", "\\n": 1}',
    "duplicate-keys": '{"a": 1, "a": 2}',
    "empty": "{}",
    "not-object-array": "[1, 2]",
    "not-object-string": '"user"',
    "deep": '{"a":' + DEEP_OK + "}",
    "too-deep": '{"a":' + DEEP + "}",
    "invalid": '{"a": }',
}


class Script:
    """A store_fuzz.cpp input: one byte per choice (from the end), strings
    from the front. Table indexes below are store_fuzz.cpp's."""

    MOUNT, UNMOUNT, FETCH, FETCH_FAIL, CALL, CALL_RESPONSE, CALL_FAIL, FLUSH, GC, HYDRATE, LOOKUP, REFETCH, \
        INVALIDATE, TICK, CHANGED, PURGE = range(16)
    NAMES, PARAMS, SLOTS, VALUES, MERGE_VALUES, TARGETS, HEADERS = 4, 8, 4, 13, 12, 6, 6
    STATUS = {200: 0, 201: 3, 204: 4, 304: 5, 400: 6, 401: 7, 403: 8, 404: 9, 500: 10, 502: 11, 503: 12, 0: 13}
    TICKS = {0: 0, 1: 1, 200: 2, 400: 3, 1000: 4, 60000: 5, 300000: 6, 600000: 7}

    def __init__(self, gc=0):
        self.choices = [gc]  # 0: 300000 ms, 1: 0, 2: 1000, 3: never
        self.strings = []

    def _choice(self, k):
        assert 0 <= k < 256
        self.choices.append(k)

    def _pick(self, size, v):  # a table index, or a string (the extra choice)
        if isinstance(v, int):
            assert v < size
            self._choice(v)
        else:
            self._choice(size)
            self.strings.append(v.encode() if isinstance(v, str) else v)

    def _bundle(self, slots):  # [(slot, value)] or a string
        if isinstance(slots, (str, bytes)):
            self._choice(4)
            self.strings.append(slots.encode() if isinstance(slots, str) else slots)
            return
        assert len(slots) <= 3
        self._choice(len(slots))
        for slot, value in slots:
            self._pick(self.SLOTS, slot)
            self._pick(self.VALUES, value)

    def mount(self, name, params=0):
        self._choice(self.MOUNT)
        self._pick(self.NAMES, name)
        self._pick(self.PARAMS, params)
        return self

    def unmount(self, entry):
        self._choice(self.UNMOUNT)
        self._choice(entry)
        return self

    def _request(self, k, stale):
        # k: index among the requests of that kind in flight, by request id;
        # or stale=(how many are in flight, a request id that is not).
        if stale is None:
            self._choice(k)
        else:
            self._choice(stale[0])
            self._choice(stale[1])

    def fetch(self, k, status, slots, stale=None):
        self._choice(self.FETCH)
        self._request(k, stale)
        self._choice(self.STATUS[status])
        self._bundle(slots)
        return self

    def fetch_failure(self, k):
        self._choice(self.FETCH_FAIL)
        self._choice(k)
        return self

    def call(self, args=0):
        self._choice(self.CALL)
        self._pick(self.PARAMS, args)
        return self

    def call_response(self, k, status, header=0, result=7, merges=None, targets=None, raw=None, stale=None):
        self._choice(self.CALL_RESPONSE)
        self._request(k, stale)
        self._choice(self.STATUS[status])
        self._pick(self.HEADERS, header)
        if raw is not None:
            self._choice(3)
            self.strings.append(raw.encode())
            return self
        self._choice(2 if targets is not None else 1 if merges is not None else 0)
        self._pick(self.VALUES, result)
        if merges is not None or targets is not None:
            merges = merges or []
            assert len(merges) <= 3
            self._choice(len(merges))
            for name, slot, value, params in merges:
                self._pick(self.NAMES, name)
                self._pick(self.SLOTS, slot)
                self._pick(self.MERGE_VALUES, value)
                self._choice(0 if params is None else 1)
                if params is not None:
                    self._pick(self.PARAMS, params)
        if targets is not None:
            assert len(targets) <= 3
            self._choice(len(targets))
            for t in targets:
                self._pick(self.TARGETS, t)
        return self

    def call_failure(self, k):
        self._choice(self.CALL_FAIL)
        self._choice(k)
        return self

    def flush(self):
        self._choice(self.FLUSH)
        return self

    def gc(self):
        self._choice(self.GC)
        return self

    def hydrate(self, name, params, slots, tick=1000):
        self._choice(self.HYDRATE)
        self._pick(self.NAMES, name)
        self._pick(self.PARAMS, params)
        self._bundle(slots)
        self._choice(self.TICKS[tick])
        return self

    def lookup(self, name, params):
        self._choice(self.LOOKUP)
        self._pick(self.NAMES, name)
        self._pick(self.PARAMS, params)
        return self

    def refetch(self, entry):
        self._choice(self.REFETCH)
        self._choice(entry)
        return self

    def invalidate_header(self, header):
        self._choice(self.INVALIDATE)
        self._choice(1)
        self._pick(self.HEADERS, header)
        return self

    def invalidate_target(self, target):
        self._choice(self.INVALIDATE)
        self._choice(0)
        self._pick(self.TARGETS, target)
        return self

    def tick(self, ms):
        self._choice(self.TICK)
        self._choice(self.TICKS[ms])
        return self

    def changed(self, known=0):
        self._choice(self.CHANGED)
        self._choice(known)
        return self

    def purge(self):
        self._choice(self.PURGE)
        return self

    def encode(self):
        front = b"".join(s.replace(b"\\", b"\\\\") + b"\\\n" for s in self.strings)
        return front + bytes(reversed(self.choices))


# Table indexes (store_fuzz.cpp): names user 0, board 1, feed 2,
# notifications 3; params {} 0, user_id 5 1, user_id "5" 2, board 1 + tab 3,
# board 2 4, café/null/true 5, nested 6, "" 7; slots cards 0, profile 1,
# items 2, me 3; values [] 0, id list 1, spaced list 2, uuid list 3, object 4,
# 5 5, string 6, null 7, mixed ids 8, duplicate id 9, lone surrogate 10, 1e308
# 11, nested lists 12; merge values {id 1} 0, {id 3} 1, {uuid u2} 2, {id "1"} 3,
# {id 1e0} 4, no id 5, list 6, 7 7, null 8, "str" 9, {id object} 10,
# {name} 11; targets "board" 0, board 1 1, user 5 2, function cards 3, feed {}
# 4, function nope 5; headers "" 0, board 1, board;board_id=1 2,
# user;user_id=5, notifications 3, malformed 4, duplicate param 5.
def store_seeds():
    s = {}
    s["first-load"] = Script().mount(0, 1).fetch(0, 200, [(1, 4), (2, 1)]).changed().lookup(0, 2).lookup(0, 1)
    s["shared-entry-gc"] = (
        Script().mount(0, 0).mount(0, 7).fetch(0, 200, [(3, 6)]).unmount(1).unmount(1).tick(300000).gc().lookup(0, 0)
    )
    s["merge-upsert-append"] = (
        Script()
        .mount(1, 3)
        .fetch(0, 200, [(0, 1), (1, 4)])
        .call()
        .call_response(0, 200, merges=[(1, 0, 0, 3)])
        .call()
        .call_response(0, 200, merges=[(1, 0, 1, None), (1, 0, 4, 3)])
        .changed(2)
        .changed()
    )
    s["merge-spaced-list"] = (
        Script()
        .mount(0, 1)
        .fetch(0, 200, [(2, 2)])
        .call()
        .call_response(0, 200, merges=[(0, 2, 0, 1), (0, 2, 1, 1)])
        .call()
        .call_response(0, 200, merges=[(0, 2, 0, None), (0, 2, 3, None)])
        .changed(3)
    )
    s["merge-uuid-field"] = (
        Script()
        .mount(1, 3)
        .fetch(0, 200, [(0, 3)])
        .call()
        .call_response(0, 200, merges=[(1, 0, 2, None), (1, 0, 0, None)])
    )
    s["merge-kinds"] = (
        Script()
        .mount(0, 0)
        .fetch(0, 200, [(0, 8), (1, 4), (3, 5)])
        .call()
        .call_response(0, 200, merges=[(0, 0, 4, None), (0, 1, 6, None), (0, 3, 9, None)])
        .call()
        .call_response(0, 200, merges=[(0, 0, 10, None), (0, 1, 8, None), (0, 2, 0, None)])
    )
    s["header-invalidation"] = (
        Script()
        .mount(0, 1)
        .mount(3, 0)
        .fetch(0, 200, [(1, 4)])
        .fetch(0, 200, [(2, 0)])
        .call()
        .call_response(0, 200, header=3)
        .flush()
        .fetch(1, 200, [(1, 4)])
        .fetch(0, 200, [(2, 1)])
    )
    s["body-invalidation"] = (
        Script()
        .mount(1, 3)
        .mount(1, 4)
        .fetch(0, 200, [(0, 1)])
        .fetch(0, 200, [(0, 0)])
        .call()
        .call_response(0, 200, targets=[1, 3, 5])
        .flush()
        .changed()
    )
    s["out-of-order"] = (
        Script()
        .mount(0, 1)
        .mount(0, 4)
        .fetch(1, 200, [(1, 4)])
        .fetch(0, 200, [(1, 7)])
        .refetch(1)
        .refetch(1)
        .fetch(0, 200, [(1, 6)])
        .fetch(0, 200, [(1, 5)], stale=(0, 3))  # the superseded request
    )
    s["retries-then-error"] = (
        Script(gc=2)
        .mount(2, 0)
        .fetch(0, 500, "")
        .fetch(0, 502, HTML_502)
        .fetch(0, 503, '{"error": {"code": "DOWN"}}')
        .changed()
        .unmount(1)
        .mount(2, 0)
        .fetch(0, 200, [(2, 0)])
    )
    s["client-errors"] = (
        Script()
        .mount(0, 1)
        .fetch(0, 404, '{"detail": "Not Found"}')
        .refetch(1)
        .fetch(0, 200, "[1, 2]")
        .refetch(1)
        .fetch(0, 200, '{"a": 1, "a": [1, 2], "b": ' + DEEP + "}")
        .refetch(1)
        .fetch(0, 204, "")
        .refetch(1)
        .fetch_failure(0)
        .fetch_failure(0)
        .fetch_failure(0)
    )
    s["hydrate-then-mount"] = (
        Script()
        .hydrate(1, 3, [(0, 1), (1, 4)], 0)
        .mount(1, 3)
        .hydrate(1, 3, [(0, 0)], 1000)
        .call()
        .call_response(0, 200, merges=[(1, 0, 1, 3)])
        .tick(60000)
        .hydrate(1, 3, [(0, 0)], 0)
    )
    s["hydrate-bad"] = (
        Script().hydrate(0, 1, "[]").hydrate(0, 6, '{"\\ud800": 1, "k": "\\udc00"}').hydrate("", 0, [(1, 4)])
    )
    s["merge-during-fetch"] = (
        Script()
        .mount(1, 3)
        .fetch(0, 200, [(0, 1)])
        .refetch(1)
        .call()
        .call_response(0, 200, merges=[(1, 0, 0, None)])
        .fetch(0, 200, [(0, 0)])
        .fetch(0, 200, [(0, 1)], stale=(0, 2))  # the fetch the merge superseded
    )
    s["unmount-during-fetch"] = (
        Script()
        .mount(0, 1)
        .unmount(1)
        .fetch(0, 200, [(1, 4)], stale=(0, 1))  # aborted by the unmount
        .mount(0, 1)
        .unmount(1)
        .mount(0, 1)
        .fetch(0, 200, [(1, 4)])
    )
    s["call-errors"] = (
        Script()
        .call()
        .call()
        .call(6)
        .call("[1, 2]")
        .call()
        .call_response(0, 400, raw='{"error": true, "code": "VALIDATION_ERROR", "message": "title is required"}')
        .call_response(0, 500, header=1, raw=DJANGO_DEBUG_500)
        .call_failure(0)
        .call_response(0, 200, header=4, raw="")
        .call_response(0, 200, raw='{"result": 1, "merge": [{"context": "user"}], "invalidate": [5]}')
        .call_response(0, 200, stale=(0, 1))  # answered already
    )
    s["header-garbage"] = (
        Script()
        .mount(0, 1)
        .fetch(0, 200, [(1, 4)])
        .call()
        .call_response(0, 200, header="user;user_id=%35, caf\u00e9, ;, user;user_id=5;user_id=5, \x00")
        .invalidate_header(5)
        .invalidate_header("notifications,,user")
        .flush()
    )
    s["function-target"] = (
        Script()
        .mount(1, 3)
        .fetch(0, 200, [(0, 1)])
        .invalidate_target(3)
        .invalidate_target(5)
        .invalidate_target(4)
        .flush()
        .unmount(1)
        .invalidate_target(0)
        .flush()
        .mount(1, 3)
    )
    s["never-evict-churn"] = (
        Script(gc=3)
        .mount(0, 1)
        .unmount(1)
        .mount(0, 1)
        .fetch(0, 200, [(1, 4)])
        .unmount(1)
        .tick(600000)
        .gc()
        .mount(0, 1)
    )
    s["gc-zero-churn"] = (
        Script(gc=1)
        .mount(0, 1)
        .fetch(0, 200, [(1, 4)])
        .unmount(1)
        .gc()
        .mount(0, 1)
        .unmount(2)
        .gc()
        .hydrate(0, 1, [(1, 4)], 0)
        .gc()
    )
    s["params-variety"] = (
        Script()
        .mount(0, 5)
        .mount(0, 6)
        .mount(3, '{"b": 1, "a": [2, {"d": 1, "c": 0}]}')
        .mount(0, "[1]")
        .mount("", 0)
        .mount(2, '{"x": 1e400}')
        .fetch(0, 200, [(0, 12), (1, 11), (2, 10)])
        .invalidate_target('{"context":"user","params":{"q":"caf\u00e9"}}')
        .flush()
    )
    s["identity-change"] = (
        Script()
        .mount(0, 1)
        .mount(1, 3)
        .fetch(0, 200, [(1, 4)])
        .hydrate(2, 0, [(2, 1)])
        .call()
        .refetch(2)
        .purge()
        .call_response(0, 200, merges=[(1, 0, 0, None)])
        .fetch(0, 200, [(1, 5)], stale=(2, 2))  # aborted by the purge
        .fetch(1, 200, [(0, 1)])
        .fetch(0, 200, [(1, 4)])
        .changed()
    )
    return {name: script.encode() for name, script in s.items()}


def write(target, seeds):
    folder = os.path.join(HERE, "corpus", target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name, text in seeds.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))


def main():
    write("invalidate_header", INVALIDATE_HEADER)
    write("envelope", {k: v.encode("latin-1") if "\xff" in v else v for k, v in ENVELOPE.items()})
    write("json", JSON)
    write("json_oracle", JSON_ORACLE)
    write("stable_key", STABLE_KEY)
    write("store", store_seeds())


if __name__ == "__main__":
    main()
