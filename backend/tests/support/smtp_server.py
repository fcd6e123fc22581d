"""A real SMTP server for the backend's delivery tests (aiosmtpd).

    smtp_server.py --port N --dir D [--security plain|starttls|tls]
                   [--user U --password P]

Prints one JSON line when it listens ({"ready": true, "cert": PATH or null})
and one per accepted message ({"from", "to", "subject", "body",
"message_id", "auth"}), then serves until killed. For TLS it makes a
self-signed certificate for localhost in D with openssl. Recipients
starting "reject" are refused with 550, "later" with 451, so the client's
handling of permanent and passing failures can be tested.
"""

import argparse
import email
import email.policy
import json
import ssl
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def say(record):
    print(json.dumps(record, ensure_ascii=False), flush=True)


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 No such user here"
        if address.startswith("later"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        say({
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "body": message.get_content().strip(),
            "message_id": str(message["message-id"]),
            "auth": session.auth_data.login.decode() if session.authenticated else None,
        })
        return "250 Message accepted for delivery"


def certificate(directory: Path) -> Path:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert),
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-addext", "basicConstraints=critical,CA:FALSE",
         "-addext", "extendedKeyUsage=serverAuth"],
        check=True, capture_output=True,
    )
    return cert


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--security", choices=["plain", "starttls", "tls"], default="plain")
    p.add_argument("--user")
    p.add_argument("--password")
    args = p.parse_args()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, auth_data=auth_data if ok else None)

    options = {}
    cert = None
    if args.security != "plain":
        cert = certificate(args.dir)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, args.dir / "key.pem")
        if args.security == "tls":
            options["ssl_context"] = context
        else:
            options["tls_context"] = context
            options["require_starttls"] = True
    if args.user:
        options["authenticator"] = authenticator
        options["auth_required"] = True
        # Plain text only reaches this machine in the tests.
        options["auth_require_tls"] = args.security != "plain"
    controller = Controller(Handler(), hostname="127.0.0.1", port=args.port, **options)
    controller.start()
    say({"ready": True, "cert": str(cert) if cert else None})
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
