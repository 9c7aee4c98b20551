/* Loading entry points: paths and buffers, format sniffing, and the
 * dispatch to the container loaders (load_pem.c, load_der.c, ...). What
 * the loaders call back lives in load_state.c. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>

#include "io.h"
#include "load_internal.h"
#include "strbuf.h"

static bool
has_prefix(const unsigned char *p, size_t n, const char *s)
{
	size_t l = strlen(s);

	return n >= l && memcmp(p, s, l) == 0;
}

/* DER always has a control or high byte within its first few bytes (tags
 * 0x02 0x04 0x05 0x06, long-form lengths); text starting with '0' has
 * none. */
static bool
looks_binary(const unsigned char *p, size_t n)
{
	if (n > 16)
		n = 16;
	for (size_t i = 0; i < n; i++)
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		    p[i] != '\r') || p[i] >= 0x7f)
			return true;
	return false;
}

/* An OpenSSH public key or certificate line: "TYPE AAAA..." where TYPE
 * is like ssh-rsa, ecdsa-sha2-nistp256, ssh-ed25519-cert-v01@openssh.com. */
static bool
ssh_public_key(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n && i < 64 && ((p[i] >= 'a' && p[i] <= 'z') ||
	    (p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '@' ||
	    p[i] == '.'))
		i++;
	return i >= 7 && (has_prefix(p, i, "ssh-") ||
	    has_prefix(p, i, "ecdsa-") || has_prefix(p, i, "sk-")) &&
	    has_prefix(p + i, n - i, " AAAA");
}

enum sniffed
load_sniff(const unsigned char *p, size_t n)
{

	if (io_is_gzip(p, n))
		return SNIFF_GZIP;
	if (n >= 4 && ((p[0] == 0xfe && p[1] == 0xed && p[2] == 0xfe &&
	    p[3] == 0xed) || (p[0] == 0xce && p[1] == 0xce && p[2] == 0xce &&
	    p[3] == 0xce)))
		return SNIFF_JKS;
	if (n > 0 && p[0] == 0x30 && looks_binary(p, n))
		return SNIFF_DER;
	if (has_prefix(p, n, "\xef\xbb\xbf")) {
		p += 3;
		n -= 3;
	}
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		n--;
	}
	if (has_prefix(p, n, "PuTTY-User-Key-File-"))
		return SNIFF_PUTTY;
	if (ssh_public_key(p, n) || has_prefix(p, n, "---- BEGIN SSH2 "))
		return SNIFF_SSH;
	if (memmem(p, n, "-----BEGIN ", 11) != NULL)
		return SNIFF_PEM;
	return SNIFF_UNKNOWN;
}

static bool
all_blank(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n' && p[i] != '\0')
			return false;
	return true;
}

static void
unsupported(struct load_state *st, const char *what, const char *hintfmt)
{
	struct finding *f = load_error(st, "format-unsupported",
	    "%s; certdiag reads PEM, DER, PKCS#7 and PKCS#12", what);

	/* hintfmt refers to the file name as %1$s. */
	finding_hint(f, hintfmt, st->src->path);
}

static int load_bytes(struct load_state *, const unsigned char *, size_t,
    int depth);

static int
load_gzip(struct load_state *st, const unsigned char *buf, size_t len,
    int depth)
{
	struct io_buf out;
	char reason[256];
	enum io_status rc;
	int n;

	if (depth > 0) {
		load_error(st, "gzip-invalid",
		    "gzip inside gzip; decompress it first");
		return -1;
	}
	st->src->gzipped = true;
	rc = io_gunzip(buf, len, LOAD_MAX_GUNZIP_SIZE, LOAD_MAX_GUNZIP_RATIO,
	    &out, reason, sizeof(reason));
	switch (rc) {
	case IO_OK:
		break;
	case IO_GZIP_TOO_LARGE:
		load_error(st, "gzip-too-large",
		    "decompresses to more than %u MiB; refusing (gzip bomb?)",
		    LOAD_MAX_GUNZIP_SIZE / (1024 * 1024));
		return -1;
	case IO_GZIP_RATIO:
		load_error(st, "gzip-too-large",
		    "decompresses to more than %u times its size; refusing "
		    "(gzip bomb?)", LOAD_MAX_GUNZIP_RATIO);
		return -1;
	default:
		load_error(st, "gzip-invalid", "corrupt gzip data: %s", reason);
		return -1;
	}
	n = load_bytes(st, out.data, out.len, depth + 1);
	io_buf_free(&out);
	return n;
}

static int
load_bytes(struct load_state *st, const unsigned char *buf, size_t len,
    int depth)
{
	if (all_blank(buf, len)) {
		if (!st->quiet_unknown)
			load_error(st, "file-empty", "the file is empty");
		return st->quiet_unknown ? 0 : -1;
	}
	switch (load_sniff(buf, len)) {
	case SNIFF_GZIP:
		return load_gzip(st, buf, len, depth);
	case SNIFF_PEM:
		return load_pem(st, buf, len);
	case SNIFF_DER:
		return load_der(st, buf, len);
	case SNIFF_JKS:
		unsupported(st, "a Java keystore (JKS/JCEKS)",
		    "keytool -importkeystore -srckeystore %1$s "
		    "-destkeystore %1$s.p12 -deststoretype pkcs12");
		return -1;
	case SNIFF_PUTTY:
		unsupported(st, "a PuTTY private key (.ppk)",
		    "puttygen %1$s -O private-openssh -o key.pem");
		return -1;
	case SNIFF_SSH:
		unsupported(st, "an SSH public key, not an X.509 or PKIX key",
		    "ssh-keygen -e -m PKCS8 -f %1$s > key.pub.pem");
		return -1;
	case SNIFF_UNKNOWN:
		break;
	}
	if (st->quiet_unknown)
		return 0;
	load_error(st, "format-unrecognized",
	    "not a certificate, key, CSR, CRL, PKCS#7 or PKCS#12 file "
	    "(neither PEM nor DER)");
	return -1;
}

/* The verdict on one source: its object count, or -1 after an error. */
static int
finish(struct load_state *st)
{
	if (st->nobjs == 0 && st->nfindings == 0 && !st->quiet_unknown)
		load_error(st, "no-objects", "no certificates, keys, "
		    "certificate requests or CRLs found");
	return st->errored ? -1 : (int)st->nobjs;
}

int
load_buffer(struct inventory *inv, struct findings *fs, struct load_ctx *lc,
    struct source *src, const unsigned char *buf, size_t len)
{
	struct load_state st = { .inv = inv, .fs = fs, .lc = lc, .src = src,
	    .quiet_unknown = lc != NULL && lc->scan };

	load_bytes(&st, buf, len, 0);
	return finish(&st);
}

static void
io_problem(struct findings *fs, const char *name, enum io_status rc,
    const char *reason)
{
	if (rc == IO_TOO_LARGE)
		finding_add_file(fs, "file-too-large", SEV_ERROR, name,
		    "larger than %u MiB; not a certificate file",
		    LOAD_MAX_FILE_SIZE / (1024 * 1024));
	else
		finding_add_file(fs, "file-unreadable", SEV_ERROR, name,
		    "cannot read: %s", reason);
}

/* One file; quiet when it is a directory entry, where files that are not
 * certificate material are normal (certbot's README). */
static int
load_file(struct inventory *inv, struct findings *fs, struct load_ctx *lc,
    const char *path, enum role role, bool quiet)
{
	const char *name = load_display_name(path);
	struct load_state st = { .inv = inv, .fs = fs, .lc = lc,
	    .quiet_unknown = quiet || (lc != NULL && lc->scan) };
	struct io_buf b;
	char reason[256];
	enum io_status rc;
	int n;

	rc = io_read(path, LOAD_MAX_FILE_SIZE, &b, reason, sizeof(reason));
	if (rc == IO_TOO_LARGE && quiet)
		return 0;
	if (rc != IO_OK) {
		io_problem(fs, name, rc, reason);
		return -1;
	}
	if ((st.src = inventory_add_source(inv, name, role)) == NULL) {
		io_buf_free(&b);
		finding_add_file(fs, "file-unreadable", SEV_ERROR, name,
		    "out of memory");
		return -1;
	}
	st.src->have_mode = b.have_mode;
	st.src->mode = b.mode;
	st.src->key_group = b.key_group;
	load_bytes(&st, b.data, b.len, 0);
	io_buf_free(&b);
	n = finish(&st);
	if (st.nobjs == 0 && st.nfindings == 0)
		inventory_drop_source(inv, st.src);
	return n;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
load_dir(struct inventory *inv, struct findings *fs, struct load_ctx *lc,
    const char *path, enum role role)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, total = 0;
	bool failed = false;
	int rc = -1;

	if ((d = opendir(path)) == NULL) {
		finding_add_file(fs, "file-unreadable", SEV_ERROR, path,
		    "cannot read the directory: %s",
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (!array_grow(&names, &cap, n + 1, sizeof(*names)))
			goto out;
		if (asprintf(&names[n], "%s%s%s", path,
		    path[strlen(path) - 1] == '/' ? "" : "/", de->d_name) < 0)
			goto out;
		n++;
	}
	/* readdir order depends on the file system; reports must not. */
	if (n > 1)	/* array_sort(NULL, 0, ...) is undefined */
		array_sort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		int r;

		/* stat follows symlinks: certbot's live/ holds links. */
		if (stat(names[i], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		r = load_file(inv, fs, lc, names[i], role, true);
		if (r < 0)
			failed = true;
		else
			total += (size_t)r;
	}
	if (total == 0 && !failed) {
		finding_add_file(fs, "no-objects", SEV_ERROR, path,
		    "the directory holds no certificates, keys, "
		    "certificate requests or CRLs");
		failed = true;
	}
	rc = failed ? -1 : (int)total;
out:
	if (rc < 0 && !failed)
		finding_add_file(fs, "file-unreadable", SEV_ERROR, path,
		    "out of memory");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int
load_entry(struct inventory *inv, struct findings *fs, struct load_ctx *lc,
    const char *path, enum role role)
{
	return load_file(inv, fs, lc, path, role, true);
}

int
load_path(struct inventory *inv, struct findings *fs, struct load_ctx *lc,
    const char *path, enum role role)
{
	struct stat st;

	if (strcmp(path, "-") != 0) {
		if (stat(path, &st) != 0) {
			finding_add_file(fs, "file-unreadable", SEV_ERROR,
			    path, "cannot read: %s",
			    strerror(errno));
			return -1;
		}
		if (S_ISDIR(st.st_mode))
			return load_dir(inv, fs, lc, path, role);
	}
	return load_file(inv, fs, lc, path, role, false);
}
