/* The floor: the least work any tool must do to check a tree of
 * certificates and keys. Reads each file named on stdin (one per line),
 * decodes every PEM block with the fastest decoders OpenSSL 3 offers
 * (d2i_X509; one reused OSSL_DECODER_CTX per thread for keys), then
 * verifies each certificate's signature with its issuer's key.
 * No pairing, no reports, no error messages.
 *
 *   find TREE -type f | bench/floor [-j THREADS]
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

struct job {
	char **paths;
	size_t npaths;
	X509 **certs;		/* per file: its first certificate */
	size_t next;		/* next file to take (under lock) */
	size_t keys, verified, bad_sigs;
	pthread_mutex_t mu;
	/* Issuers by subject hash, filled between the two passes. */
	X509 **issuers;
	size_t nissuers;
};

static size_t
take(struct job *j, size_t chunk, size_t *end)
{
	size_t i;

	pthread_mutex_lock(&j->mu);
	i = j->next;
	j->next = i + chunk < j->npaths ? i + chunk : j->npaths;
	*end = j->next;
	pthread_mutex_unlock(&j->mu);
	return i;
}

static void *
parse_files(void *arg)
{
	struct job *j = arg;
	EVP_PKEY *pk = NULL;
	OSSL_DECODER_CTX *dctx = OSSL_DECODER_CTX_new_for_pkey(&pk, "DER",
	    "PrivateKeyInfo", NULL, EVP_PKEY_KEYPAIR, NULL, NULL);
	size_t keys = 0, end;

	for (size_t i = take(j, 16, &end); i < end; i = take(j, 16, &end))
		for (; i < end; i++) {
			BIO *b = BIO_new_file(j->paths[i], "rb");
			char *name, *hdr;
			unsigned char *der;
			long len;

			while (b != NULL && PEM_read_bio(b, &name, &hdr, &der,
			    &len)) {
				const unsigned char *p = der;
				size_t l = (size_t)len;
				if (strcmp(name, "CERTIFICATE") == 0 &&
				    j->certs[i] == NULL)
					j->certs[i] = d2i_X509(NULL, &p, len);
				else if (strcmp(name, "PRIVATE KEY") == 0 &&
				    OSSL_DECODER_from_data(dctx, &p, &l)) {
					EVP_PKEY_free(pk);
					pk = NULL;
					keys++;
				}
				OPENSSL_free(name);
				OPENSSL_free(hdr);
				OPENSSL_free(der);
			}
			ERR_clear_error();
			BIO_free(b);
		}
	OSSL_DECODER_CTX_free(dctx);
	pthread_mutex_lock(&j->mu);
	j->keys += keys;
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

static X509 *
issuer_of(const struct job *j, X509 *x)
{
	const X509_NAME *in = X509_get_issuer_name(x);

	for (size_t i = 0; i < j->nissuers; i++)
		if (X509_NAME_cmp(X509_get_subject_name(j->issuers[i]), in) == 0)
			return j->issuers[i];
	return NULL;
}

static void *
verify_certs(void *arg)
{
	struct job *j = arg;
	size_t verified = 0, bad = 0, end;

	for (size_t i = take(j, 64, &end); i < end; i = take(j, 64, &end))
		for (; i < end; i++) {
			X509 *x = j->certs[i], *is;
			if (x == NULL || (is = issuer_of(j, x)) == NULL)
				continue;
			if (X509_verify(x, X509_get0_pubkey(is)) == 1)
				verified++;
			else
				bad++;
		}
	pthread_mutex_lock(&j->mu);
	j->verified += verified;
	j->bad_sigs += bad;
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

static void
run(struct job *j, int threads, void *(*fn)(void *))
{
	pthread_t tid[64];

	j->next = 0;
	for (int t = 0; t < threads; t++)
		pthread_create(&tid[t], NULL, fn, j);
	for (int t = 0; t < threads; t++)
		pthread_join(tid[t], NULL);
}

int
main(int argc, char **argv)
{
	struct job j = { .mu = PTHREAD_MUTEX_INITIALIZER };
	int threads = 1, c;
	char *line = NULL;
	size_t cap = 0, lcap = 0, ncerts = 0;
	ssize_t n;

	while ((c = getopt(argc, argv, "j:")) != -1)
		if (c == 'j' && (threads = atoi(optarg)) >= 1 && threads <= 64)
			continue;
		else {
			fprintf(stderr, "usage: floor [-j 1..64] < FILELIST\n");
			return 2;
		}
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (j.npaths == lcap) {
			lcap = lcap ? lcap * 2 : 1024;
			j.paths = realloc(j.paths, lcap * sizeof(*j.paths));
			if (j.paths == NULL)
				return 1;
		}
		j.paths[j.npaths++] = strdup(line);
	}
	free(line);
	if ((j.certs = calloc(j.npaths + 1, sizeof(*j.certs))) == NULL ||
	    (j.issuers = calloc(j.npaths + 1, sizeof(*j.issuers))) == NULL)
		return 1;

	run(&j, threads, parse_files);
	for (size_t i = 0; i < j.npaths; i++)
		if (j.certs[i] != NULL) {
			ncerts++;
			if (X509_check_ca(j.certs[i]))
				j.issuers[j.nissuers++] = j.certs[i];
		}
	run(&j, threads, verify_certs);

	printf("floor: %zu files, %zu certificates, %zu keys, %zu signatures "
	    "verified, %zu bad\n", j.npaths, ncerts, j.keys, j.verified,
	    j.bad_sigs);
	for (size_t i = 0; i < j.npaths; i++) {
		X509_free(j.certs[i]);
		free(j.paths[i]);
	}
	free(j.certs);
	free(j.issuers);
	free(j.paths);
	return 0;
}
