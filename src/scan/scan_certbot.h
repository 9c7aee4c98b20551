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

#endif
