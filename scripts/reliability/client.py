"""A signed-in HTTP client of the server: what a browser without JavaScript
sends (form posts to the server functions, page GETs), with the answers
counted by status. Standard library only."""

import http.client
import json
import urllib.parse

DEMO_PASSWORD = "BusinessCenter-2026"


class Unanswered(Exception):
    """The server closed or refused the connection (it was killed, say)."""


class Client:
    def __init__(self, base, timeout=30):
        self.base = base
        self.host, port = urllib.parse.urlsplit(base).netloc.split(":")
        self.port = int(port)
        self.timeout = timeout
        self.cookie = ""

    def request(self, method, path, body=b"", content_type=None):
        """(status, body text, headers); raises Unanswered on a dead connection."""
        headers = {"Origin": self.base}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if content_type:
            headers["Content-Type"] = content_type
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            try:
                conn.request(method, path, body=body, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # answered (and closed) before the body was all sent: read the answer
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (ConnectionError, http.client.HTTPException, TimeoutError, OSError) as e:
            raise Unanswered(str(e)) from e
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("bc_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, text, dict(response.getheaders())

    def call(self, name, fields):
        """Posts a server function as an HTML form does: (status, decoded answer or text)."""
        body = urllib.parse.urlencode(fields).encode()
        status, text, _ = self.request(
            "POST", f"/api/{name}", body, "application/x-www-form-urlencoded")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def call_json(self, name, value):
        """Posts a server function that takes JSON (`input = Json`)."""
        status, text, _ = self.request(
            "POST", f"/api/{name}", json.dumps(value).encode(), "application/json")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def page(self, path):
        status, text, _ = self.request("GET", path)
        return status, text

    def sign_in(self, email):
        status, answer = self.call("login", {"email": email, "password": DEMO_PASSWORD})
        if status != 200:
            raise RuntimeError(f"{email} cannot sign in: {status} {answer}")
        return self
