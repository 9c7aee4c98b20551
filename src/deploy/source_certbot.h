/* The certbot source, and what scan asks of certbot trees. */
#ifndef SOURCE_CERTBOT_H
#define SOURCE_CERTBOT_H

#include <stdbool.h>

#include "deploy/source.h"

extern const struct source_desc source_certbot;

/* A certbot configuration folder: live/ with renewal/ or archive/. */
bool certbot_is_root(const char *path);
/* A live/NAME folder: fullchain.pem, privkey.pem or cert.pem is a link. */
bool certbot_is_lineage(const char *path);
/* Whether link (a path containing ".../live/NAME/FILE") is a certbot
 * link whose resolved target (target_real, a realpath) lies in the same
 * tree's archive/ folder: the one kind of link that leaves a scanned
 * live/ folder and is followed. */
bool certbot_link_in_tree(const char *link, const char *target_real);

#endif
