#!/usr/bin/env python3
"""Rewrite INTEGERs inside a DER file, fixing every enclosing length.

    derpatch.py IN OUT OLD NEW [mac]

Every INTEGER equal to OLD becomes NEW (with "mac": only the PKCS#12
MAC iteration count, the last field of the PFX's macData). DER nested in
OCTET STRINGs (PKCS#12 safes) is rewritten too. This is how the hostile
corpus gets files that ask for 100 million KDF iterations without anyone
paying for them: openssl writes the file with a small count, the count
is then replaced; nothing is derived."""
import sys


def parse(buf, pos=0, end=None):
    end = len(buf) if end is None else end
    out = []
    while pos < end:
        tag = buf[pos]
        pos += 1
        ln = buf[pos]
        pos += 1
        if ln & 0x80:
            n = ln & 0x7f
            if n == 0 or n > 4:
                raise ValueError("unsupported length")
            ln = int.from_bytes(buf[pos:pos + n], "big")
            pos += n
        if pos + ln > end:
            raise ValueError("truncated")
        content = buf[pos:pos + ln]
        node = [tag, content, None]
        if tag & 0x20:
            node[2] = parse(buf, pos, pos + ln)
        elif tag == 0x04 and ln > 1 and content[0] == 0x30:
            try:
                node[2] = parse(content)
                node[0] = ("octet", tag)
            except (ValueError, IndexError):
                node[2] = None
        out.append(node)
        pos += ln
    return out


def enc_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def enc_int(v):
    b = v.to_bytes(v.bit_length() // 8 + 1, "big", signed=True)
    return b


def encode(nodes):
    out = b""
    for tag, content, kids in nodes:
        if isinstance(tag, tuple):
            body = encode(kids)
            tag = tag[1]
        elif kids is not None:
            body = encode(kids)
        else:
            body = content
        out += bytes([tag]) + enc_len(len(body)) + body
    return out


def patch(nodes, old, new):
    count = 0
    for node in nodes:
        if node[0] == 0x02 and node[2] is None and \
                int.from_bytes(node[1], "big", signed=True) == old:
            node[1] = enc_int(new)
            count += 1
        elif node[2] is not None:
            count += patch(node[2], old, new)
    return count


def main():
    src, dst, old, new = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4])
    tree = parse(open(src, "rb").read())
    if len(sys.argv) > 5 and sys.argv[5] == "mac":
        mac_data = tree[0][2][2]          # PFX: version, authSafe, macData
        n = patch([mac_data[2][2]], old, new)
    else:
        n = patch(tree, old, new)
    if n == 0:
        sys.exit("derpatch: no INTEGER %d in %s" % (old, src))
    open(dst, "wb").write(encode(tree))


main()
