/* Keys and certificates found by a scan, paired by public key. */
#ifndef SCAN_PAIR_H
#define SCAN_PAIR_H

#include "finding.h"
#include "inventory.h"

/* For every private key: the certificates carrying its public key (by
 * SPKI hash, one pass with a hash table). Reports
 *   key-mismatch (fail): a file or folder convention pairs the key with
 *     a certificate it does not belong to: same name (foo.key, foo.crt),
 *     or a folder holding one key and one leaf certificate;
 *   key-orphan (info): no certificate in the scan carries its public key;
 *   private-key-unencrypted (warn): stored in clear, naming the
 *     certificate it belongs to.
 * Objects found only in context sources are not reported on. */
void scan_pair(const struct inventory *, struct findings *);

/* "foo" for "dir/foo.key", "dir/foo.crt", "dir/foo.key.pem", "foo.pem.gz":
 * the name that pairs files. Writes into buf (at least strlen(path)+1). */
void scan_pair_stem(const char *path, char *buf);

#endif
