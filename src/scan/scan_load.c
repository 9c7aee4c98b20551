#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "load/io.h"
#include "scan_embedded.h"
#include "scan_load.h"
#include "scan_policy.h"

static const char pem_marker[] = "-----BEGIN ";

/* A DER object is one SEQUENCE spanning the whole file (a trailing
 * newline aside); PKCS#12 files from some tools use BER's indefinite
 * length. Anything else starting with 0x30 is not ours. */
static bool
der_spans(const unsigned char *h, size_t hl, size_t total)
{
	size_t len, n;

	if (hl < 2 || h[0] != 0x30)
		return false;
	if (h[1] == 0x80)
		return true;
	if (h[1] < 0x80)
		len = 2 + (size_t)h[1];
	else {
		n = h[1] & 0x7f;
		if (n > 4 || hl < 2 + n)
			return false;
		len = 0;
		for (size_t i = 0; i < n; i++)
			len = len << 8 | h[2 + i];
		len += 2 + n;
	}
	return len == total || (len < total && total - len <= 2);
}

/* Whether bytes are worth handing to the loader, from the first bytes
 * (at most SCAN_SNIFF_BYTES) and the total size: PEM text, DER whose
 * outer length is the file's, gzip. Everything else (binaries, sources,
 * documents) is skipped without being read whole. */
enum scan_sniff {
	SNIFF_SKIP = 0,
	SNIFF_LOAD,		/* binary: DER or gzip */
	SNIFF_READ_TEXT		/* text: read it whole and look for PEM */
};

static enum scan_sniff
scan_sniff(const unsigned char *h, size_t hl, size_t total)
{
	if (total == 0 || hl == 0)
		return SNIFF_SKIP;
	if (hl >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return total <= SCAN_MAX_TEXT_SIZE ? SNIFF_LOAD : SNIFF_SKIP;
	if (der_spans(h, hl, total))
		return total <= SCAN_MAX_TEXT_SIZE ? SNIFF_LOAD : SNIFF_SKIP;
	/* Text has no NUL bytes (UTF-16 has, and holds no PEM we read). */
	if (memchr(h, '\0', hl) != NULL)
		return SNIFF_SKIP;
	if (total <= SCAN_MAX_TEXT_SIZE)
		return SNIFF_READ_TEXT;
	/* A big text file is read only if it starts like a bundle. */
	return total <= LOAD_MAX_FILE_SIZE &&
	    memmem(h, hl, pem_marker, sizeof(pem_marker) - 1) != NULL ?
	    SNIFF_READ_TEXT : SNIFF_SKIP;
}

static bool
has_pem(const unsigned char *buf, size_t len)
{
	return memmem(buf, len, pem_marker, sizeof(pem_marker) - 1) != NULL;
}

static void
unreadable(struct scan_load_job *job, const char *what)
{
	finding_add_file(&job->fs, "scan-unreadable", SEV_WARN,
	    job->file->path, "cannot read: %s", what);
}

static ssize_t
read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Reads a work-tree file when its first bytes say it may hold what we
 * load. Returns the bytes (malloc'd) or NULL to skip it. */
static unsigned char *
read_candidate(struct scan_load_job *job, size_t *lenp, bool *binary,
    mode_t *mode, gid_t *gid)
{
	const char *path = job->file->open_path != NULL ?
	    job->file->open_path : job->file->path;
	unsigned char head[SCAN_SNIFF_BYTES], *buf = NULL;
	struct stat sb;
	size_t total;
	ssize_t hl, n;
	enum scan_sniff s;
	int fd;

	/* Non-blocking: a fifo swapped in after the walk must not hang. */
	/* A file the walk saw as a regular file is opened without following
	 * a link: one swapped in since must not lead out of the tree. */
	bool nofollow = job->file->open_path == NULL && !job->file->link;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
	    (nofollow ? O_NOFOLLOW : 0))) < 0) {
		if (errno == ELOOP && nofollow)
			unreadable(job, "replaced by a symbolic link while "
			    "scanning: not followed");
		else if (errno != ENOENT)
			unreadable(job, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0)
		goto out;
	if (job->file->link && (sb.st_dev != job->file->dev ||
	    sb.st_ino != job->file->ino)) {
		unreadable(job, "the link changed while scanning: not "
		    "followed");
		goto out;
	}
	total = (size_t)sb.st_size;
	*mode = sb.st_mode;
	*gid = sb.st_gid;
	if ((hl = read_full(fd, head, total < sizeof(head) ? total :
	    sizeof(head))) < 0) {
		unreadable(job, strerror(errno));
		goto out;
	}
	if ((s = scan_sniff(head, (size_t)hl, total)) == SNIFF_SKIP)
		goto out;
	*binary = s == SNIFF_LOAD;
	if ((buf = malloc(total + 1)) == NULL) {
		unreadable(job, "out of memory");
		goto out;
	}
	memcpy(buf, head, (size_t)hl);
	if ((n = read_full(fd, buf + hl, total - (size_t)hl)) < 0) {
		unreadable(job, strerror(errno));
		free(buf);
		buf = NULL;
		goto out;
	}
	*lenp = (size_t)hl + (size_t)n;	/* shorter if it shrank meanwhile */
out:
	close(fd);
	return buf;
}

/* What one embedded block is loaded with. */
struct embedded_load {
	struct scan_load_job *job;
	struct load_ctx *lc;
	mode_t mode;
	bool oom;
};

/* Loads one block as its own source, "values.yaml: tls.key": scan pairs
 * tls.key with tls.crt of the same file by that name. A block that holds
 * nothing we read only looked like PEM (documentation, a template): what
 * the loader said about it is dropped. */
static void
load_embedded(void *arg, const char *key, unsigned line,
    const unsigned char *pem, size_t len)
{
	struct embedded_load *el = arg;
	struct scan_load_job *job = el->job;
	struct findings fs;
	struct source *src;
	size_t before = job->inv.nobjs;
	char *name;

	(void)line;
	if (asprintf(&name, "%s: %s", job->file->path, key) < 0) {
		el->oom = true;
		return;
	}
	src = inventory_add_source(&job->inv, name, ROLE_AUTO);
	free(name);
	if (src == NULL) {
		el->oom = true;
		return;
	}
	src->context = job->file->context;
	if (el->mode != 0) {
		src->have_mode = true;
		src->mode = el->mode;
	}
	findings_init(&fs);
	load_buffer(&job->inv, &fs, el->lc, src, pem, len);
	if (job->inv.nobjs == before)
		findings_free(&fs);
	else
		scan_findings_move(&job->fs, &fs, NULL);
	job->loaded = true;
}

static void
find_embedded(struct scan_load_job *job, struct load_ctx *lc,
    const unsigned char *buf, size_t len, mode_t mode)
{
	struct embedded_load el = { .job = job, .lc = lc, .mode = mode };
	size_t over = embedded_find(buf, len, load_embedded, &el);

	if (over == (size_t)-1 || el.oom)
		unreadable(job, "out of memory");
	else if (over > 0)
		finding_add_file(&job->fs, "scan-unreadable", SEV_WARN,
		    job->file->path, "more than %u embedded PEM blocks; %zu "
		    "not read", SCAN_MAX_EMBEDDED, over);
}

void
scan_load_job(struct scan_load_job *job, struct load_ctx *lc)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	bool binary = false, embedded = false;
	mode_t mode = 0;
	gid_t gid = 0;
	struct source *src;

	inventory_init(&job->inv);
	findings_init(&job->fs);
	if (job->file->oid != NULL) {
		enum scan_sniff s;
		buf = job->blob;
		len = job->bloblen;
		job->blob = NULL;
		if (buf == NULL)
			return;
		s = scan_sniff(buf, len < SCAN_SNIFF_BYTES ? len :
		    SCAN_SNIFF_BYTES, len);
		if (s == SNIFF_SKIP)
			goto out;
		binary = s == SNIFF_LOAD;
	} else {
		if ((buf = read_candidate(job, &len, &binary, &mode, &gid)) == NULL)
			return;
	}
	/* Keys in YAML, JSON and Secrets: indented, escaped, base64. */
	if (!binary && (embedded = embedded_maybe(buf, len)))
		find_embedded(job, lc, buf, len, mode);
	if (!binary && (!has_pem(buf, len) || (embedded &&
	    !embedded_bare_pem(buf, len))))
		goto policy;
	if ((src = inventory_add_source(&job->inv, job->file->path,
	    ROLE_AUTO)) == NULL) {
		unreadable(job, "out of memory");
		goto out;
	}
	src->context = job->file->context;
	if (mode != 0) {
		src->have_mode = true;
		src->mode = mode;
		src->key_group = io_key_group(gid);
	}
	job->loaded = true;
	load_buffer(&job->inv, &job->fs, lc, src, buf, len);
policy:
	{
		struct scan_facts x = { .stage = SCAN_STAGE_LOAD,
		    .path = job->file->path,
		    .not_ours = binary && job->inv.nobjs == 0 };
		struct findings kept;
		findings_init(&kept);
		scan_policy_move(&kept, &job->fs, &x);
		job->fs = kept;
	}
out:
	if (buf != NULL) {
		OPENSSL_cleanse(buf, len);	/* it may hold private keys */
		free(buf);
	}
}
