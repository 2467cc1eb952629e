"""An SMTP server on loopback for the delivery tests: STARTTLS required, AUTH required.

usage: smtp_server.py PORT CERT KEY USER PASSWORD

Prints one line per event to stdout: `AUTH ok USER`, `AUTH refused USER`, and for every message
`MAIL FROM` / `RCPT TO` followed by the message text. Runs until killed.
"""
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    port, cert, key, user, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        name = auth_data.login.decode()
        ok = name == user and auth_data.password.decode() == password
        print(f"AUTH {'ok' if ok else 'refused'} {name} tls={session.ssl is not None}", flush=True)
        return AuthResult(success=ok)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            print(f"MAIL FROM {envelope.mail_from} tls={session.ssl is not None}", flush=True)
            for rcpt in envelope.rcpt_tos:
                print(f"RCPT TO {rcpt}", flush=True)
            print(envelope.content.decode("utf-8", "replace"), flush=True)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=context,
                            require_starttls=True, auth_required=True, authenticator=authenticator)
    controller.start()
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
