/* Human-readable facts about objects, shared by checks and reports.
 * Returned strings are malloc'd; the caller frees them. */
#ifndef DESCRIBE_H
#define DESCRIBE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "inventory.h"

char *name_oneline(const X509_NAME *);	/* "CN=example.com, O=Example" */
char *key_description(const EVP_PKEY *);	/* "EC P-256", "RSA 2048" */
char *hex_fingerprint(const unsigned char *md, size_t len);	/* "AB:CD:..." */
/* RFC 3339 UTC ("2026-11-27T03:18:57Z") into buf (at least 21 bytes). */
const char *format_time(time_t, char *buf, size_t len);
/* ASN1_TIME to time_t; false when it does not fit. */
bool asn1_time_to_time_t(const ASN1_TIME *, time_t *);
/* Whole days from now until t (negative once past). */
long days_until(time_t now, time_t t);

/* DNS and IP names the certificate covers: SAN entries, else the CN.
 * Returns a NULL-terminated array of malloc'd strings (free with
 * names_free), or NULL on ENOMEM. */
char **cert_names(X509 *);
/* The same for a certificate request: the names it asks for. */
char **req_names(X509_REQ *);
void names_free(char **);

/* Dates and day counts. */
/* "2027-02-25" into buf (at least 11 bytes). */
const char *format_date(time_t, char *buf, size_t len);
/* "in 90 days", "today", "3 days ago" into buf. */
const char *format_days(long days, char *buf, size_t len);
/* "less than a day", "1 day", "12 days" into buf. */
const char *format_day_count(long days, char *buf, size_t len);

/* Numbers in hexadecimal. */
char *serial_hex(const ASN1_INTEGER *);	/* "0A1B2C", uppercase */
char *hex_lower(const unsigned char *, size_t);	/* "0a1b2c..." */

/* Key usages by name, ", "-separated; "" for none; NULL on ENOMEM. */
char *key_usage_names(uint32_t ku);	/* "digitalSignature, ..." */
/* "serverAuth, clientAuth" (dotted OIDs for unknown ones); *count gets
 * how many. */
char *eku_names(const EXTENDED_KEY_USAGE *, int *count);

/* len bytes as a string, an embedded NUL written as the text \0.
 * Malloc'd. */
char *name_bytes(const char *s, size_t len);

#endif
