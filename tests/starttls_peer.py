"""A scripted STARTTLS peer for the live tests, for the protocols whose
dialogue is checked here byte by byte: NNTP, IRC, LMTP, ManageSieve,
XMPP, LDAP, PostgreSQL and MySQL. Listens on 127.0.0.1 (ephemeral port,
one port per PROTO:MODE, printed as "PORT PROTO:MODE n", then "READY"),
checks that the client speaks the protocol (a wrong command gets the
protocol's error), then either upgrades to TLS with the given certificate
(ok) or says it has no TLS to offer (refuse). "free:NAME" prints a port
that was free a moment ago, for a server the test starts itself. One process serves them
all: each python start costs more than the whole dialogue.

usage: starttls_peer.py CERT KEY PROTO:MODE...
"""
import socket
import ssl
import struct
import sys
import threading

cert, key = sys.argv[1:3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
LDAP_STARTTLS = b"1.3.6.1.4.1.1466.20037"
XMPP_TLS = "urn:ietf:params:xml:ns:xmpp-tls"


class Refused(Exception):
    pass


def readline(f):
    line = f.readline(4096)
    if not line:
        raise Refused()
    return line.rstrip(b"\r\n")


def read_until(conn, end):
    data = b""
    while end not in data:
        chunk = conn.recv(4096)
        if not chunk:
            raise Refused()
        data += chunk
    return data


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise Refused()
        data += chunk
    return data


def nntp(conn, f, mode):
    conn.sendall(b"200 news.test InterNetNews server ready\r\n")
    if readline(f).upper() != b"STARTTLS":
        conn.sendall(b"500 What?\r\n")
        raise Refused()
    if mode == "refuse":
        conn.sendall(b"580 Can not initiate TLS negotiation\r\n")
        raise Refused()
    if mode == "hostile":   # terminal escapes and bytes that are not text
        conn.sendall(b"580 \x1b[31mno\x07 TLS \xff\xfe\r\n")
        raise Refused()
    conn.sendall(b"382 Continue with TLS negotiation\r\n")


def irc(conn, f, mode):
    if readline(f).upper() != b"STARTTLS":
        raise Refused()
    conn.sendall(b":irc.test NOTICE * :*** Looking up your hostname\r\n")
    if mode == "refuse":
        conn.sendall(b":irc.test 421 * STARTTLS :Unknown command\r\n")
        raise Refused()
    conn.sendall(b":irc.test 670 * :STARTTLS successful, go ahead\r\n")


def lmtp(conn, f, mode):
    conn.sendall(b"220 lmtp.test LMTP ready\r\n")
    if not readline(f).upper().startswith(b"LHLO "):
        conn.sendall(b"500 5.5.1 Unknown command (LMTP wants LHLO)\r\n")
        raise Refused()
    tls = b"" if mode == "refuse" else b"250-STARTTLS\r\n"
    conn.sendall(b"250-lmtp.test\r\n250-PIPELINING\r\n" + tls +
                 b"250 8BITMIME\r\n")
    if readline(f).upper() != b"STARTTLS":
        raise Refused()
    if mode == "refuse":
        conn.sendall(b"502 5.5.2 Unknown command\r\n")
        raise Refused()
    conn.sendall(b"220 2.0.0 Begin TLS\r\n")


def sieve(conn, f, mode):
    tls = b"" if mode == "refuse" else b'"STARTTLS"\r\n'
    conn.sendall(b'"IMPLEMENTATION" "peer"\r\n"SIEVE" "fileinto"\r\n' +
                 tls + b'"VERSION" "1.0"\r\nOK "ready"\r\n')
    if readline(f).upper() != b"STARTTLS":
        raise Refused()
    if mode == "refuse":
        conn.sendall(b'NO "STARTTLS is not available"\r\n')
        raise Refused()
    conn.sendall(b'OK "Begin TLS negotiation now"\r\n')


def xmpp(conn, f, mode):
    head = read_until(conn, b"version='1.0'>").decode(errors="replace")
    conn.sendall(b"<?xml version='1.0'?><stream:stream "
                 b"xmlns='jabber:client' "
                 b"xmlns:stream='http://etherx.jabber.org/streams' "
                 b"id='1' from='xmpp.test' version='1.0'>")
    if "to='xmpp.test'" not in head:
        conn.sendall(b"<stream:error><host-unknown xmlns='urn:ietf:params"
                     b":xml:ns:xmpp-streams'/></stream:error>"
                     b"</stream:stream>")
        raise Refused()
    tls = "" if mode == "refuse" else \
        "<starttls xmlns='%s'><required/></starttls>" % XMPP_TLS
    conn.sendall(("<stream:features>%s<mechanisms xmlns='urn:ietf:params:"
                  "xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
                  "</mechanisms></stream:features>" % tls).encode())
    read_until(conn, b"/>")
    if mode == "refuse":
        conn.sendall(("<failure xmlns='%s'/></stream:stream>" %
                      XMPP_TLS).encode())
        raise Refused()
    conn.sendall(("<proceed xmlns='%s'/>" % XMPP_TLS).encode())


def ldap(conn, f, mode):
    hdr = recv_exact(conn, 2)
    req = recv_exact(conn, hdr[1])
    # messageID 1, [APPLICATION 23] ExtendedRequest, [0] the OID
    if hdr[0] != 0x30 or req[3] != 0x77 or LDAP_STARTTLS not in req:
        raise Refused()
    code, diag = (2, b"unsupported extended operation") \
        if mode == "refuse" else (0, b"")
    body = bytes([0x0a, 1, code, 0x04, 0, 0x04, len(diag)]) + diag
    op = bytes([0x78, len(body)]) + body
    msg = bytes([0x02, 1, req[2]]) + op
    conn.sendall(bytes([0x30, len(msg)]) + msg)
    if mode == "refuse":
        raise Refused()


def postgres(conn, f, mode):
    length, code = struct.unpack(">II", recv_exact(conn, 8))
    if (length, code) != (8, 80877103):
        raise Refused()
    conn.sendall(b"N" if mode == "refuse" else b"S")
    if mode == "refuse":
        raise Refused()


def mysql(conn, f, mode):
    caps = 0xa20f if mode == "refuse" else 0xaa0f   # 0x0800: CLIENT_SSL
    payload = (b"\x0a" + b"10.11.0-peer\0" + struct.pack("<I", 7) +
               b"abcdefgh\0" + struct.pack("<H", caps) + b"\x21" +
               struct.pack("<HH", 2, 0x81bf) + b"\x15" + b"\0" * 10 +
               b"ijklmnopqrst\0" + b"mysql_native_password\0")
    conn.sendall(struct.pack("<I", len(payload))[:3] + b"\0" + payload)
    hdr = recv_exact(conn, 4)
    body = recv_exact(conn, hdr[0])
    if hdr[3] != 1 or len(body) != 32 or \
            not struct.unpack("<I", body[:4])[0] & 0x0800:
        raise Refused()


def silent(conn, f, mode):
    # Accepts and never answers: --timeout must end the wait.
    while conn.recv(4096):
        pass
    raise Refused()


def handle(conn, proto, mode):
    f = conn.makefile("rb", buffering=0)
    try:
        globals()[proto](conn, f, mode)
        tls = ctx.wrap_socket(conn, server_side=True)
        tls.recv(1)
    except (OSError, ssl.SSLError, Refused, IndexError, struct.error):
        pass
    finally:
        conn.close()


def serve(srv, proto, mode):
    while True:
        c, _ = srv.accept()
        threading.Thread(target=handle, args=(c, proto, mode),
                         daemon=True).start()


for spec in sys.argv[3:]:
    proto, mode = spec.split(":")
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    print("PORT", spec, srv.getsockname()[1], flush=True)
    if proto == "free":
        srv.close()	# a port for a server the test starts itself
        continue
    srv.listen(16)
    threading.Thread(target=serve, args=(srv, proto, mode),
                     daemon=True).start()
print("READY", flush=True)
threading.Event().wait()
