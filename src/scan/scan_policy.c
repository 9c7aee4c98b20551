#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "scan_certbot.h"
#include "scan_policy.h"

/* The findings that judge a certificate's dates. */
static bool
about_dates(const char *id)
{
	return strcmp(id, "expired") == 0 || strcmp(id, "expires-soon") == 0 ||
	    strcmp(id, "chain-expired") == 0 ||
	    strcmp(id, "not-yet-valid") == 0;
}

enum scan_verdict
scan_policy(const struct finding *f, const struct scan_facts *x)
{
	/* A file asking for more key derivation than allowed is not a
	 * broken file: the scan could not judge it, and says so (exit 3)
	 * with the figure and the cap. */
	if (x->stage == SCAN_STAGE_LOAD && strcmp(f->id, "kdf-too-costly") == 0)
		return SCAN_KEEP;
	if (x->stage == SCAN_STAGE_LOAD) {
		/* It only looked like DER or gzip: not ours, not an error.
		 * What the loader noted (a locked PKCS#12) stays. */
		if (x->not_ours && (f->sev == SEV_ERROR || f->sev < SEV_INFO))
			return SCAN_DROP;
		/* A file that looked like certificate material but could
		 * not be read is a warning in a scan, not a reason to stop:
		 * documentation quotes PEM blocks, test suites keep broken
		 * certificates on purpose. */
		return f->sev == SEV_ERROR ? SCAN_SOFTEN : SCAN_KEEP;
	}
	if (f->sev < SEV_INFO)
		return SCAN_DROP;
	/* An intermediate's problem is told once, not once per leaf. */
	if (f->about != NULL && x->told != NULL && x->told(f, x->told_arg))
		return SCAN_DROP;
	/* --staged reads the changed files and their folders, not the
	 * whole index: an issuer not among them may well be elsewhere in
	 * the repository. */
	if (x->staged && strcmp(f->id, "chain-incomplete") == 0)
		return SCAN_DROP;
	/* An earlier version certbot keeps in its archive expires as it
	 * should: the lineage's current files are judged instead. */
	if (x->files != NULL && f->about != NULL && about_dates(f->id) &&
	    certbot_retired(f->about, x->files))
		return SCAN_DROP;
	return SCAN_KEEP;
}

/* The loader's own id stays in the message. */
static void
soften(struct finding *f, const char *path)
{
	char *msg;

	(void)path;	/* messages never name their file */
	if (asprintf(&msg, "%s (%s)", f->message, f->id) < 0)
		return;
	free(f->message);
	f->message = msg;
	f->id = "scan-unreadable";
	f->sev = SEV_WARN;
}

void
scan_policy_move(struct findings *dst, struct findings *src,
    const struct scan_facts *x)
{
	/* Out of memory for the marks: everything is kept, nothing lost. */
	bool *keep = malloc((src->n + 1) * sizeof(*keep));

	for (size_t i = 0; keep != NULL && i < src->n; i++) {
		enum scan_verdict v = scan_policy(&src->v[i], x);
		if (v == SCAN_SOFTEN)
			soften(&src->v[i], x->path);
		keep[i] = v != SCAN_DROP;
	}
	scan_findings_move(dst, src, keep);
	free(keep);
}
