/* certbot lineages met by a scan (live/NAME/ folders): what a server
 * configured by certbot loads must hold together. */
#ifndef SCAN_CERTBOT_H
#define SCAN_CERTBOT_H

#include "finding.h"
#include "inventory.h"

/* For each live/NAME/privkey.pem found: fullchain.pem beside it must
 * start with the certificate of that key, or nginx refuses the pair
 * ("key values mismatch"). Reports bundle-leaf-mismatch (fail): the
 * usual cause is a lineage whose links point at different versions
 * (fullchain1.pem beside privkey2.pem). */
void scan_certbot(const struct inventory *, struct findings *);

struct scan_list;
/* certbot keeps every version of a lineage in archive/NAME/ (cert1.pem,
 * cert2.pem, ...); only the newest is served, and the old ones expire
 * one by one, as they should. A path is a retired version when it is
 * archive/NAME/{cert,chain,fullchain,privkey}N.pem and the same file
 * with number N+1 is among files (or, for a tree on disk, beside it). */
bool certbot_retired_path(const char *path, const struct scan_list *files);
/* Every file o was found in is a retired version (and there is one). */
bool certbot_retired(const struct object *o, const struct scan_list *files);

#endif
