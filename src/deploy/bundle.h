/* bundle-leaf-mismatch: each certificate file of a deployment must start
 * with the certificate of the key deployed with it (see bundle.c). */
#ifndef DEPLOY_BUNDLE_H
#define DEPLOY_BUNDLE_H

#include "deploy/deployment.h"
#include "finding.h"
#include "inventory.h"

void bundle_check(const struct deployment *, const struct inventory *,
    struct findings *);

#endif
