/* The folder source: a directory split into deployments by private key.
 * Each key gets the certificate and bundle files whose first certificate
 * is its own; files of CA certificates (chain.pem) go with every key.
 * certbot's archive/ layout (cert1.pem, cert2.pem, ...) is read as its
 * newest version. A symbolic link that dangles is a finding. */
#ifndef DEPLOY_FOLDER_H
#define DEPLOY_FOLDER_H

#include "deploy/deployment.h"
#include "deploy/source.h"
#include "finding.h"
#include "load/load.h"

/* Appends the deployments of dir. lc (may be NULL) opens encrypted keys.
 * Returns the number of deployments added, or -1 when dir could not be
 * read (an error finding was added to fs). */
int folder_read(const char *dir, struct deployments *, struct findings *,
    struct load_ctx *lc);

extern const struct source_desc source_folder;

#endif
