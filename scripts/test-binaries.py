"""Reads cargo's JSON messages (`cargo test --no-run --message-format=json…`)
on stdin and prints each test executable with its package's directory:
`<package dir> <executable>`, one a line."""

import json
import os
import sys

for line in sys.stdin:
    if not line.startswith("{"):
        continue
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("profile", {}).get("test") and message.get("executable"):
        print(os.path.dirname(message["manifest_path"]), message["executable"])
