#!/bin/sh
# gen.sh DIR: writes the hostile corpus into DIR. Every file is small
# to make and cheap to write: KDF counts are patched into the DER after
# openssl wrote it with a small one (derpatch.py), so nothing here pays
# the cost a file asks for. The one committed input is the multi-prime
# RSA key (rsa-5prime-20480.pem): five 4096-bit primes take minutes of
# CPU to find.
set -eu
H=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$H/../.." && pwd)}
. "$top_srcdir/fixtures/pki.sh"
D=$1
mkdir -p "$D"
cd "$D"
patch() { python3 "$H/derpatch.py" "$@"; }

# One EC key and a certificate for it: the plaintext of every
# encrypted file below.
pki_cert base --subject /CN=hostile.test --san DNS:hostile.test

# PKCS#8 with PBKDF2 and 100,000,000 iterations.
openssl pkcs8 -topk8 -in base.key -v2 aes-256-cbc -iter 2047 \
    -passout pass:x -outform DER -out p8.der
patch p8.der pbkdf2-100m.der 2047 100000000
# scrypt N=32768 r=1 p=1024, and p=200000 (written with N=1024, p=7).
openssl pkcs8 -topk8 -in base.key -scrypt -scrypt_N 1024 -scrypt_r 1 \
    -scrypt_p 7 -passout pass:x -outform DER -out sc.der
patch sc.der sc-n.der 1024 32768
patch sc-n.der scrypt-p1024.der 7 1024
patch sc-n.der scrypt-p200000.der 7 200000
# PKCS#12 whose MAC asks for 100,000,000 iterations; and one without a
# MAC whose key and certificate encryption ask for as many.
openssl pkcs12 -export -in base.pem -inkey base.key -passout pass: \
    -iter 2047 -out p12.p12
patch p12.p12 p12-mac-100m.p12 2047 100000000 mac
openssl pkcs12 -export -in base.pem -inkey base.key -passout pass: \
    -iter 2047 -nomac -out p12n.p12
patch p12n.p12 p12-nomac-iter-100m.p12 2047 100000000
rm -f p8.der sc.der sc-n.der p12.p12 p12n.p12

# A repository folder holding all of them (scan).
mkdir -p tree/keys
cp pbkdf2-100m.der scrypt-p1024.der scrypt-p200000.der p12-mac-100m.p12 \
    p12-nomac-iter-100m.p12 base.pem tree/keys/

# .certdiagignore with 12 double stars, and one file 24 folders deep.
mkdir -p ignore
printf '**/**/**/**/**/**/**/**/**/**/**/**/nomatch\n' > ignore/.certdiagignore
deep=ignore/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x
mkdir -p "$deep"
cp base.pem "$deep/y.pem"

# Name constraints: an intermediate excluding 1000 names, a leaf with
# 1000 wildcard names that reach every one of them.
ex=$(seq 1 1000 | sed 's/.*/excluded;DNS:n&.x.test/' | paste -sd, -)
sans=$(seq 1 1000 | sed 's/.*/DNS:*.x.test/' | paste -sd, -)
pki_cert nc-root --ca --subject "/CN=NC Root"
pki_cert nc-int --ca --issuer nc-root --subject "/CN=NC Intermediate" \
    --ext "nameConstraints=critical,$ex"
pki_cert nc-leaf --issuer nc-int --subject /CN=nc-leaf --san "$sans"

# 300,000 names in one certificate.
sans=$(seq 1 300000 | sed 's/.*/DNS:h&.example/' | paste -sd, -)
pki_cert many-sans --subject /CN=many-sans --san "$sans" >/dev/null

# Multi-prime RSA: five 4096-bit primes.
cp "$H/rsa-5prime-20480.pem" rsa-5prime.key

# Pairing by stem: 2000 keys and 2000 certificates under one stem, none
# matching: the keys are written directly (SEC1 with only the scalar),
# the certificates are one certificate with 2000 serial numbers (their
# signatures do not matter to pairing).
mkdir -p pairs
python3 "$H/mkpairs.py" base.pem 2000 pairs/svc.key pairs/svc.crt

# The AIA bomb: what the server sends is the MAC-bomb PKCS#12.
mkdir -p www
cp p12-mac-100m.p12 www/int.der

# 20,000 names (the most a certificate may carry) for --host: building
# and joining the list must stay linear.
sans=$(seq 1 20000 | sed 's/.*/DNS:h&.example/' | paste -sd, -)
pki_cert sans-20000 --subject /CN=sans-20000 --san "$sans" >/dev/null
