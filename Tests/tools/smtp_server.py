"""An SMTP server on loopback for the delivery tests: STARTTLS required, AUTH required.

usage: smtp_server.py PORT CERT KEY USER PASSWORD [ACCEPT REFUSE]

Prints one line per event to stdout: `AUTH ok USER`, `AUTH refused USER`, and for every message
`MAIL FROM` / `RCPT TO` followed by the message text. With ACCEPT and REFUSE, the server accepts
ACCEPT messages, then answers the next REFUSE with `451 4.3.0 ...` (printing `REFUSED rcpt`), then
accepts again: a server that fails half-way through a batch. Runs until killed.
"""
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    port, cert, key, user, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    accept = int(sys.argv[6]) if len(sys.argv) > 6 else None
    refuse = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    counted = {"messages": 0}
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
            counted["messages"] += 1
            n = counted["messages"]
            if accept is not None and accept < n <= accept + refuse:
                print(f"REFUSED {' '.join(envelope.rcpt_tos)}", flush=True)
                return "451 4.3.0 Tijdelijk te druk, probeer het later opnieuw"
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
