/* PEM: any mix of blocks, with text around them (openssl x509 -text
 * output), CRLF line ends and a UTF-8 byte order mark. OpenSSL reads the
 * blocks; the label decides which decoder gets the DER. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "load_internal.h"
#include "shquote.h"

enum handler {
	H_UNKNOWN = 0,
	H_SKIP,			/* parameters: not objects, not errors */
	H_CERT,
	H_TRUSTED,
	H_PKCS8,
	H_PKCS8_ENC,
	H_RSA,
	H_EC,
	H_DSA,
	H_SPKI,
	H_RSA_PUB,
	H_DSA_PUB,
	H_CSR,
	H_CRL,
	H_PKCS7,
	H_OPENSSH
};

static const struct {
	const char *label;
	enum handler h;
} labels[] = {
	{ "CERTIFICATE", H_CERT },
	{ "X509 CERTIFICATE", H_CERT },
	{ "TRUSTED CERTIFICATE", H_TRUSTED },
	{ "PRIVATE KEY", H_PKCS8 },
	{ "ENCRYPTED PRIVATE KEY", H_PKCS8_ENC },
	{ "RSA PRIVATE KEY", H_RSA },
	{ "EC PRIVATE KEY", H_EC },
	{ "DSA PRIVATE KEY", H_DSA },
	{ "PUBLIC KEY", H_SPKI },
	{ "RSA PUBLIC KEY", H_RSA_PUB },
	{ "DSA PUBLIC KEY", H_DSA_PUB },
	{ "CERTIFICATE REQUEST", H_CSR },
	{ "NEW CERTIFICATE REQUEST", H_CSR },
	{ "X509 CRL", H_CRL },
	{ "PKCS7", H_PKCS7 },
	{ "PKCS #7 SIGNED DATA", H_PKCS7 },
	{ "CMS", H_PKCS7 },
	{ "EC PARAMETERS", H_SKIP },
	{ "DH PARAMETERS", H_SKIP },
	{ "X9.42 DH PARAMETERS", H_SKIP },
	{ "DSA PARAMETERS", H_SKIP },
	{ "OPENSSH PRIVATE KEY", H_OPENSSH },
};

struct block {
	char *label;		/* owned by OpenSSL's allocator */
	char *header;
	unsigned char *data;	/* DER; cleansed on free */
	long len;
	bool encrypted;		/* had a Proc-Type: 4,ENCRYPTED header */
	size_t line;		/* of the BEGIN line */
	char where[160];	/* "PEM block 'X' at line N" */
};

/* Line numbers for messages, counted once over the file as blocks are
 * found in order. */
struct lines {
	const unsigned char *buf;
	size_t len;
	size_t off;		/* counted up to here */
	size_t line;		/* 1-based line at off */
};

static size_t
line_of_next_begin(struct lines *ln, size_t from)
{
	const unsigned char *b;
	size_t at;

	if (from < ln->off)
		from = ln->off;
	b = from < ln->len ? memmem(ln->buf + from, ln->len - from,
	    "-----BEGIN ", 11) : NULL;
	at = b != NULL ? (size_t)(b - ln->buf) : ln->len;
	for (const unsigned char *p = ln->buf + ln->off;
	    (p = memchr(p, '\n', (size_t)(ln->buf + at - p))) != NULL; p++)
		ln->line++;
	ln->off = at;
	return ln->line;
}

static enum handler
handler_of(const char *label)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].label, label) == 0)
			return labels[i].h;
	return H_UNKNOWN;
}

static int
password_cb(char *buf, int size, int rwflag, void *u)
{
	size_t len = strlen(u);

	(void)rwflag;
	if (size <= 0 || len > (size_t)size)
		return -1;
	memcpy(buf, u, len);
	return (int)len;
}

/* Old-style "Proc-Type: 4,ENCRYPTED" + "DEK-Info:" encryption. */
static bool
decrypt_legacy(struct load_state *st, struct block *b)
{
	EVP_CIPHER_INFO ci;
	unsigned char *copy;
	const char *pw;
	long len = b->len;
	bool ok;

	if (b->header == NULL || b->header[0] == '\0')
		return true;
	if (!PEM_get_EVP_CIPHER_INFO(b->header, &ci)) {
		load_error(st, "format-unsupported", "%s is encrypted with a "
		    "cipher OpenSSL does not know", b->where);
		return false;
	}
	if (ci.cipher == NULL)
		return true;
	b->encrypted = true;
	if ((pw = load_password(st, "the private key")) == NULL)
		return false;
	if ((copy = OPENSSL_memdup(b->data, (size_t)b->len)) == NULL)
		return false;
	ok = PEM_do_header(&ci, copy, &len, password_cb, (void *)pw);
	if (!ok && load_legacy_provider()) {
		/* DES-CBC and friends live in the legacy provider. */
		memcpy(copy, b->data, (size_t)b->len);
		len = b->len;
		ok = PEM_do_header(&ci, copy, &len, password_cb, (void *)pw);
	}
	ERR_clear_error();
	if (!ok) {
		load_password_wrong(st, "the private key", b->where);
		OPENSSL_clear_free(copy, (size_t)b->len);
		return false;
	}
	OPENSSL_clear_free(b->data, (size_t)b->len);
	b->data = copy;
	b->len = len;
	return true;
}

static void
typed_key(struct load_state *st, struct block *b, int type)
{
	EVP_PKEY *pkey = load_decode_key(type, b->data, (size_t)b->len);

	if (pkey != NULL)
		load_add(st, OBJ_KEY, pkey, "PEM", b->encrypted);
	else if (b->encrypted)
		/* Padding that happens to check out with a wrong password
		 * leaves garbage DER. */
		load_password_wrong(st, "the private key", b->where);
	else
		load_error(st, "der-invalid", "%s is not a valid private key",
		    b->where);
}

static void
add_or_invalid(struct load_state *st, struct block *b, enum objkind kind,
    void *obj, const char *what)
{
	if (obj == NULL)
		load_error(st, "der-invalid", "%s does not hold a valid %s",
		    b->where, what);
	else
		load_add(st, kind, obj, "PEM", b->encrypted);
}

static void
openssh(struct load_state *st, size_t line)
{
	struct finding *f = load_error(st, "format-unsupported", "an OpenSSH "
	    "private key (line %zu); certdiag reads PEM, DER, PKCS#7 and "
	    "PKCS#12", line);

	finding_hint(f, "ssh-keygen -p -m PEM -f %1$s (rewrites it in place "
	    "as a PEM key; keep a copy), or for the public key: "
	    "ssh-keygen -e -m PKCS8 -f %1$s", st->src->path);
}

static void
dispatch(struct load_state *st, struct block *b, enum handler h)
{
	const unsigned char *p = b->data;
	long n = b->len;

	switch (h) {
	case H_CERT:
		add_or_invalid(st, b, OBJ_CERT, d2i_X509(NULL, &p, n),
		    "certificate");
		break;
	case H_TRUSTED:
		add_or_invalid(st, b, OBJ_CERT, d2i_X509_AUX(NULL, &p, n),
		    "certificate");
		break;
	case H_PKCS8:
		load_key_pkcs8(st, p, (size_t)n, "PEM", b->where);
		break;
	case H_PKCS8_ENC:
		load_key_encrypted_pkcs8(st, p, (size_t)n, "PEM", b->where);
		break;
	case H_RSA:
		typed_key(st, b, EVP_PKEY_RSA);
		break;
	case H_EC:
		typed_key(st, b, EVP_PKEY_EC);
		break;
	case H_DSA:
		typed_key(st, b, EVP_PKEY_DSA);
		break;
	case H_SPKI:
		add_or_invalid(st, b, OBJ_PUBKEY, d2i_PUBKEY(NULL, &p, n),
		    "public key");
		break;
	case H_RSA_PUB:
		add_or_invalid(st, b, OBJ_PUBKEY,
		    d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, n), "RSA public key");
		break;
	case H_DSA_PUB:
		add_or_invalid(st, b, OBJ_PUBKEY,
		    d2i_PublicKey(EVP_PKEY_DSA, NULL, &p, n), "DSA public key");
		break;
	case H_CSR:
		add_or_invalid(st, b, OBJ_CSR, d2i_X509_REQ(NULL, &p, n),
		    "certificate request");
		break;
	case H_CRL:
		add_or_invalid(st, b, OBJ_CRL, d2i_X509_CRL(NULL, &p, n),
		    "CRL");
		break;
	case H_PKCS7:
		load_pkcs7_der(st, p, (size_t)n, "PKCS#7", b->where);
		break;
	case H_OPENSSH:
		openssh(st, b->line);
		break;
	case H_SKIP:
	case H_UNKNOWN:
		break;
	}
	ERR_clear_error();
}

static void
block_free(struct block *b)
{
	OPENSSL_free(b->label);
	OPENSSL_free(b->header);
	if (b->data != NULL)
		OPENSSL_clear_free(b->data, (size_t)b->len);
	memset(b, 0, sizeof(*b));
}

/* The line where an END and the next BEGIN share a line (two files
 * concatenated without the first one's final newline), or 0. */
static size_t
glued_line(const unsigned char *buf, size_t len)
{
	size_t line = 1;
	bool end_seen = false;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			line++;
			end_seen = false;
		} else if (len - i >= 9 && memcmp(buf + i, "-----END ", 9) == 0)
			end_seen = true;
		else if (end_seen && len - i >= 11 &&
		    memcmp(buf + i, "-----BEGIN ", 11) == 0)
			return line;
	}
	return 0;
}

/* The line of the first character that is not base64 in the body of the
 * block at ln->off (its BEGIN line), or 0: a person edits that line.
 * Header lines (Proc-Type: ...) are skipped. */
static size_t
bad_base64_line(const struct lines *ln)
{
	const unsigned char *p = ln->buf + ln->off, *end = ln->buf + ln->len;
	const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t line = ln->line;

	while (nl != NULL) {
		const unsigned char *e;
		bool header;
		p = nl + 1;
		line++;
		if ((size_t)(end - p) >= 5 && memcmp(p, "-----", 5) == 0)
			return 0;
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		header = memchr(p, ':', (size_t)(e - p)) != NULL;
		for (const unsigned char *c = p; c < e && !header; c++)
			if (!(*c >= 'A' && *c <= 'Z') &&
			    !(*c >= 'a' && *c <= 'z') &&
			    !(*c >= '0' && *c <= '9') && *c != '+' && *c != '/' &&
			    *c != '=' && *c != '\r' && *c != ' ' &&
			    *c != '\t')
				return line;
		nl = e < end ? e : NULL;
	}
	return 0;
}

/* What went wrong inside a block OpenSSL could not read. */
static void
block_failed(struct load_state *st, struct lines *ln, size_t off)
{
	unsigned long e = ERR_peek_last_error();
	size_t line = line_of_next_begin(ln, off);
	size_t glued = glued_line(ln->buf, ln->len);
	char label[64] = "?";
	const char *why;

	if (glued > 0) {
		struct finding *f = load_error(st, "pem-invalid", "a newline is "
		    "missing between two concatenated files, line %zu (an END "
		    "and the next BEGIN line run together)", glued);
		char *p = sh_path(st->src->path);
		finding_hint(f, "put the BEGIN line on a line of its own (and "
		    "end each file with a newline before concatenating)");
		if (p != NULL)
			finding_fix(f, "sed", "-i", "s/\\(-----END [^-]*-----\\)"
			    "\\(-----BEGIN \\)/\\1\\n\\2/g", p, NULL);
		free(p);
		return;
	}

	if (ln->off < ln->len) {
		const unsigned char *s = ln->buf + ln->off + 11;
		const unsigned char *end = ln->buf + ln->len;
		size_t i = 0;
		while (s < end && *s != '-' && *s != '\n' && *s != '\r' &&
		    i + 1 < sizeof(label))
			label[i++] = (char)*s++;
		label[i] = '\0';
	}
	if (handler_of(label) == H_OPENSSH) {
		/* Its body need not even be valid base64 to know it. */
		openssh(st, line);
		return;
	}
	switch (ERR_GET_REASON(e)) {
	case PEM_R_BAD_BASE64_DECODE: {
		size_t bad = bad_base64_line(ln);
		if (bad > 0) {
			load_error(st, "pem-invalid", "bad base64 at line %zu, "
			    "in PEM block '%s' that begins at line %zu", bad,
			    label, line);
			return;
		}
		why = "bad base64 in";
		break;
	}
	case PEM_R_BAD_END_LINE:
	case PEM_R_SHORT_HEADER:
		why = "truncated";
		break;
	default:
		why = "malformed";
		break;
	}
	load_error(st, "pem-invalid", "%s PEM block '%s' at line %zu", why,
	    label, line);
}

int
load_pem(struct load_state *st, const unsigned char *buf, size_t len)
{
	struct lines ln = { .buf = buf, .len = len, .off = 0, .line = 1 };
	char unknown[64] = "";
	size_t nblocks = 0;
	BIO *bio;

	if (len > INT_MAX || (bio = BIO_new_mem_buf(buf, (int)len)) == NULL) {
		load_error(st, "file-too-large", "cannot be buffered");
		return -1;
	}
	while (!st->too_many) {
		struct block b = { 0 };
		size_t off = len - (size_t)BIO_pending(bio);
		enum handler h;

		if (!PEM_read_bio(bio, &b.label, &b.header, &b.data, &b.len)) {
			unsigned long e = ERR_peek_last_error();
			size_t now = len - (size_t)BIO_pending(bio);
			if (ERR_GET_LIB(e) == ERR_LIB_PEM &&
			    ERR_GET_REASON(e) == PEM_R_NO_START_LINE) {
				ERR_clear_error();
				break;
			}
			block_failed(st, &ln, off);
			block_free(&b);
			if (now <= off)
				break;
			continue;
		}
		nblocks++;
		h = handler_of(b.label);
		if (h == H_UNKNOWN) {
			if (unknown[0] == '\0')
				snprintf(unknown, sizeof(unknown), "%s",
				    b.label);
			block_free(&b);
			continue;
		}
		b.line = line_of_next_begin(&ln, off);
		snprintf(b.where, sizeof(b.where), "PEM block '%s' at line %zu",
		    b.label, b.line);
		st->line = b.line;
		if (decrypt_legacy(st, &b))
			dispatch(st, &b, h);
		st->line = 0;
		block_free(&b);
	}
	BIO_free(bio);
	ERR_clear_error();

	if (st->nobjs > 0 || st->nfindings > 0 || st->quiet_unknown)
		return 0;
	if (unknown[0] != '\0')
		load_error(st, "format-unsupported", "PEM block '%s' is not a "
		    "certificate, key, certificate request, CRL or PKCS#7",
		    unknown);
	else if (nblocks == 0)
		load_error(st, "pem-invalid", "malformed PEM: a BEGIN line at "
		    "line %zu but no readable block", line_of_next_begin(&ln, 0));
	return 0;
}
