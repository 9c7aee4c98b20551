/* A deployment: the files one service loads, as it loads them (bundle
 * order matters), the names it serves and, where known, its listen
 * address. It is the unit certdiag judges: each deployment is loaded
 * into its own inventory, checked on its own and gets its own verdict.
 * Sources (source_*.c) build deployments from what the user named; they
 * judge nothing. */
#ifndef DEPLOYMENT_H
#define DEPLOYMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "certdiag.h"
#include "finding.h"

/* Where a deployment was described. */
enum deploy_kind {
	DEPLOY_FILES = 0,	/* files named on the command line */
	DEPLOY_FOLDER,		/* a folder split by key */
	DEPLOY_NGINX,
	DEPLOY_APACHE,
	DEPLOY_HAPROXY,
	DEPLOY_POSTFIX,
	DEPLOY_DOVECOT,
	DEPLOY_CERTBOT,		/* one certbot lineage */
	DEPLOY_K8S,		/* one kubernetes.io/tls Secret */
	DEPLOY_SOURCE		/* no files: what a source could not read */
};

/* What the service does with a file. */
enum deploy_use {
	USE_CERT = 0,	/* certificate, or bundle served as is (leaf first) */
	USE_KEY,	/* private key */
	USE_CERT_KEY,	/* one file holding certificate(s) and the key
			 * (HAProxy crt, Apache without SSLCertificateKeyFile) */
	USE_CHAIN,	/* intermediates served after the certificate */
	USE_CLIENT_CA,	/* CAs that verify client certificates */
	USE_TRUSTED,	/* CAs for OCSP stapling / verification only */
	USE_CSR,	/* a request, before the certificate exists */
	USE_PASSWORD	/* file of passphrases (nginx ssl_password_file) */
};

struct deploy_file {
	char *path;		/* owned; as the service opens it (prefix applied) */
	enum deploy_use use;
	char *origin;		/* owned; "FILE:LINE" of the directive, or NULL */
	/* Content embedded in the source (a Kubernetes Secret's base64
	 * tls.crt): owned bytes, and path names it ("secret.yaml: tls.crt").
	 * NULL: read path from disk. */
	unsigned char *data;
	size_t len;
};

struct deployment {
	char *name;		/* owned; shown as the section title: "nginx
				 * www.example.org (sites-enabled/site:12)" */
	enum deploy_kind kind;
	char *origin;		/* owned; "FILE:LINE" where it is defined */
	struct deploy_file *files;	/* owned, in the service's load order */
	size_t nfiles, capfiles;
	char **names;		/* owned; names served (server_name, ...) */
	size_t nnames, capnames;
	char *listen;		/* owned; "HOST:PORT" or NULL */
	/* What the source found about this deployment before anything was
	 * loaded (a dangling link, a directive it cannot follow); the
	 * pipeline reports them in the deployment's section. */
	struct findings findings;
};

struct deployments {
	struct deployment *v;
	size_t n, cap;
};

void deployments_init(struct deployments *);
void deployments_free(struct deployments *);
/* Appends an empty deployment (name and origin copied; origin may be
 * NULL). Returns it (valid until the next add) or NULL on ENOMEM. */
struct deployment *deployment_add(struct deployments *, enum deploy_kind,
    const char *name, const char *origin);
/* Copies path and origin (may be NULL). false on ENOMEM. */
bool deployment_add_file(struct deployment *, const char *path,
    enum deploy_use, const char *origin);
/* The same with embedded content: data (len bytes) is copied. */
bool deployment_add_data(struct deployment *, const char *name,
    enum deploy_use, const char *origin, const unsigned char *data,
    size_t len);
bool deployment_add_name(struct deployment *, const char *name);
/* "files", "folder", "nginx", ...; "cert", "key", "cert+key", ... */
const char *deploy_kind_name(enum deploy_kind);
const char *deploy_use_name(enum deploy_use);
bool deployment_set_listen(struct deployment *, const char *listen);

#endif
