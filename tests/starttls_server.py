"""A STARTTLS server for the live tests: speaks the plain-text greeting
and upgrade of SMTP, IMAP, POP3 or FTP on 127.0.0.1 (ephemeral port,
printed as "PORT n"), then TLS with the given certificate.

usage: starttls_server.py smtp|imap|pop3|ftp CERT KEY [ok|refuse]
"""
import socket
import ssl
import sys
import threading

proto, cert, key = sys.argv[1:4]
mode = sys.argv[4] if len(sys.argv) > 4 else "ok"
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)

DIALOGUE = {
    # greeting, [(reply to each client line)]
    "smtp": ("220-mail.test ESMTP\r\n220 ready\r\n",
             ["250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n",
              "220 2.0.0 Ready to start TLS\r\n"]),
    "imap": ("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n",
             ["* CAPABILITY IMAP4rev1\r\n{tag} OK Begin TLS now\r\n"]),
    "pop3": ("+OK POP3 ready\r\n", ["+OK Begin TLS\r\n"]),
    "ftp": ("220-Welcome\r\n220 FTP ready\r\n", ["234 AUTH TLS ok\r\n"]),
}
REFUSE = {
    "smtp": "502 5.5.1 STARTTLS not available\r\n",
    "imap": "{tag} BAD STARTTLS not supported\r\n",
    "pop3": "-ERR STLS not supported\r\n",
    "ftp": "500 AUTH not understood\r\n",
}


def handle(conn):
    greeting, replies = DIALOGUE[proto]
    f = conn.makefile("rb", buffering=0)
    try:
        conn.sendall(greeting.encode())
        for i, reply in enumerate(replies):
            line = f.readline()
            if not line:
                return
            tag = line.split(b" ")[0].decode(errors="replace")
            if mode == "refuse" and i == len(replies) - 1:
                conn.sendall(REFUSE[proto].format(tag=tag).encode())
                return
            conn.sendall(reply.format(tag=tag).encode())
        tls = ctx.wrap_socket(conn, server_side=True)
        tls.recv(1)
    except (OSError, ssl.SSLError):
        pass
    finally:
        conn.close()


srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(16)
print("PORT", srv.getsockname()[1], flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
