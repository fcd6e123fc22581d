"""Hostile input for every server function: bodies with wrong types, huge
and negative numbers, empty and 1 MB strings, invalid UTF-8, SQL and HTML
fragments, other organizations' ids, missing, repeated and unknown fields,
JSON where a form is expected. The functions are read from the app's
source (every `#[server(endpoint = …)]`), so a new one is fuzzed too."""

import json
import random
import re
import urllib.parse
from pathlib import Path

from client import Client, Unanswered

REPO = Path(__file__).resolve().parents[2]

HOSTILE = [
    "", " ", "-1", "0", "1", "7", "42", "-9223372036854775809", "9223372036854775808",
    "99999999999999999999999999", "1e309", "NaN", "-0", "0x10", "1.5", "abc", "true", "null",
    "[]", "{}", "'; DROP TABLE users; --", "1 OR 1=1", "\" OR \"\"=\"", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "../../etc/passwd", "\u0000", "\u202e", "é" * 300,
    "P7X", "monthly ", "admin@twprecision.example", "report_viewer", "global_admin",
]


def functions():
    """{name: [field names as a form sends them]} for every server function."""
    sources = "\n".join(p.read_text() for p in sorted((REPO / "app/src/api").glob("*.rs")))
    structs = struct_fields()
    found = {}
    for m in re.finditer(r'#\[server\(endpoint = "(\w+)"[^)]*\)\]\s*pub async fn \w+\((.*?)\)\s*->', sources, re.S):
        fields = []
        for param in re.findall(r"(\w+):\s*([\w<>:]+)", re.sub(r"#\[[^\]]*\]", "", m.group(2))):
            name, ty = param
            base = re.sub(r"<.*", "", ty.split("::")[-1])
            inner = re.sub(r".*<(\w+)>.*", r"\1", ty)
            if base in structs:
                fields += [f"{name}[{f}]" for f in structs[base]]
            elif base == "Vec" and inner in structs:
                fields += [f"{name}[0][{f}]" for f in structs[inner]] + [f"{name}[1][{structs[inner][0]}]"]
            elif base == "Vec":
                fields += [f"{name}[0]", f"{name}[]"]
            else:
                fields.append(name)
        found[m.group(1)] = fields
    return found


def struct_fields():
    text = "\n".join(p.read_text() for p in (REPO / "domain/src").rglob("*.rs"))
    return {m.group(1): re.findall(r"pub (\w+):", m.group(2))
            for m in re.finditer(r"pub struct (\w+) \{(.*?)\n\}", text, re.S)}


def bodies(fields, rng, foreign_ids):
    """One hostile body: (bytes, content type)."""
    kind = rng.randrange(10)
    if kind == 0:  # invalid UTF-8 in a field
        name = rng.choice(fields) if fields else "x"
        return urllib.parse.quote(name).encode() + b"=%FF%FE%80" + bytes([0xC3, 0x28]), "application/x-www-form-urlencoded"
    if kind == 1:  # JSON where a form is expected, with wrong types
        value = {f: rng.choice([None, -1, 2**70, [], {}, "x" * rng.choice([0, 10, 100_000]), True])
                 for f in fields}
        return json.dumps(value).encode(), "application/json"
    if kind == 2:  # raw garbage
        return bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 64, 4096]))), rng.choice(
            ["application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data"])
    form = []
    for f in fields:
        r = rng.random()
        if r < 0.15:
            continue  # missing
        value = rng.choice(HOSTILE)
        if r > 0.9:
            value = str(rng.choice(foreign_ids))
        elif r > 0.99:
            value = "x" * 1_000_000
        form.append((f, value))
        if rng.random() < 0.1:
            form.append((f, rng.choice(HOSTILE)))  # repeated
    if rng.random() < 0.2:
        form.append((rng.choice(["__proto__", "form[[", "a]b", "rows[99999999999][email]"]), "1"))
    if kind == 3 and rng.random() < 0.05:
        form.append(("big", "x" * 1_000_000))
    return urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"


def run(base, per_function, seed, foreign_ids):
    """Sends the bodies as a Report Viewer of the Taiwan customer (who may
    change nothing, so any change is a fault) and as a stranger; returns the
    tally. Signing out is fuzzed only as the stranger."""
    rng = random.Random(seed)
    viewer = Client(base, timeout=60).sign_in("reports@twprecision.example")
    stranger = Client(base, timeout=60)
    tally = {"functions": 0, "bodies": 0, "by_status": {}, "server_errors": []}
    for name, fields in sorted(functions().items()):
        tally["functions"] += 1
        for i in range(per_function):
            who = stranger if name == "logout" or i % 5 == 0 else viewer
            body, ctype = bodies(fields, rng, foreign_ids)
            try:
                status, text, _ = who.request("POST", f"/api/{name}", body, ctype)
            except Unanswered as e:
                status, text = 0, str(e)
            tally["bodies"] += 1
            tally["by_status"][str(status)] = tally["by_status"].get(str(status), 0) + 1
            if status >= 500 or status == 0:
                tally["server_errors"].append({"function": name, "status": status,
                                               "body": body[:200].decode("utf-8", "replace"),
                                               "answer": text[:200]})
    return tally
