"""Read-only access to the server's database for the checks: SQLite through
Python's sqlite3 module, PostgreSQL through psql (both ship with the
machine's tools; no driver to install)."""

import sqlite3
import subprocess


class Database:
    def __init__(self, url):
        self.url = url
        self.sqlite = url.startswith("sqlite:")

    def rows(self, sql):
        """The rows of `sql`, each a tuple of text values (None for NULL)."""
        if self.sqlite:
            path = self.url.removeprefix("sqlite://").split("?", 1)[0]
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
            try:
                return [tuple(None if v is None else str(v) for v in r)
                        for r in conn.execute(sql).fetchall()]
            finally:
                conn.close()
        out = subprocess.run(
            ["psql", self.url, "-X", "-q", "-A", "-t", "-F", "\x1f", "-R", "\x1e",
             "-P", "null=\x01NULL", "-c", sql],
            check=True, capture_output=True, text=True).stdout
        return [tuple(None if v == "\x01NULL" else v for v in r.split("\x1f"))
                for r in out.rstrip("\n").split("\x1e") if r]

    def scalar(self, sql):
        return self.rows(sql)[0][0]

    def tables(self):
        if self.sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '_sqlx%'"
        return sorted(r[0] for r in self.rows(sql))

    def dump(self, skip, leave_out=None):
        """Every row of every table but `skip`, sorted: equal dumps, equal
        data. `leave_out` maps a table to a condition on the rows not to
        compare."""
        leave_out = leave_out or {}
        def where(t):
            return f" WHERE NOT ({leave_out[t]})" if t in leave_out else ""
        return {t: sorted(self.rows(f"SELECT * FROM {t}{where(t)}"), key=repr)
                for t in self.tables() if t not in skip}
