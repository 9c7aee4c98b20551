#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "explain.h"
#include "strbuf.h"

/* Lines that look like an error message: if one of these matches no
 * entry, the person should hear that part of the paste went unexplained. */
static const char *const error_words[] = {
	"error", "fail", "alert", "exception", "unable", "problem",
	"invalid", "denied", "refused", "mismatch", "unsupported", NULL
};

/* Unexplained lines listed at most; the rest is noise to a reader. */
#define MAX_UNRECOGNIZED	20
#define MAX_UNRECOGNIZED_LEN	200
/* OpenSSL's verify texts shorter than this ("path loop", "ok") occur in
 * ordinary prose; the catch-all entry matches them only by number. */
#define MIN_VERIFY_TEXT	24
#define MAX_VERIFY_CODE	255

struct match {
	const struct kb_entry *e;
	int code;
	size_t start, end;
	size_t line;
	bool drop;
};

struct matches {
	struct match *v;
	size_t n, cap;
};

void
explanations_init(struct explanations *xs)
{
	memset(xs, 0, sizeof(*xs));
}

void
explanations_free(struct explanations *xs)
{
	for (size_t i = 0; i < xs->n; i++) {
		free(xs->v[i].title);
		free(xs->v[i].matched);
		free(xs->v[i].confirm);
	}
	for (size_t i = 0; i < xs->nunrecognized; i++)
		free(xs->unrecognized[i]);
	free(xs->v);
	free(xs->unrecognized);
	memset(xs, 0, sizeof(*xs));
}

/* A paste is explained when its key line is: the lines around it (a
 * server's "configuration test failed", curl -v chatter, stack frames)
 * mostly restate it. They are still listed, but do not make the answer
 * incomplete. */
bool
explanations_complete(const struct explanations *xs)
{
	return xs->n > 0;
}

static bool
matches_push(struct matches *ms, const struct kb_entry *e, int code,
    size_t start, size_t end)
{
	if (ms->n == ms->cap) {
		size_t cap = ms->cap ? ms->cap * 2 : 32;
		struct match *v = realloc(ms->v, cap * sizeof(*v));
		if (v == NULL)
			return false;
		ms->v = v;
		ms->cap = cap;
	}
	ms->v[ms->n++] = (struct match){ .e = e, .code = code,
	    .start = start, .end = end };
	return true;
}

static const struct kb_entry *
entry_for_code(int code)
{
	const struct kb_entry *any = NULL;

	for (size_t i = 0; i < explain_kb_count; i++) {
		if (explain_kb[i].verify_code == code)
			return &explain_kb[i];
		if (explain_kb[i].verify_code == KB_ANY_VERIFY_CODE)
			any = &explain_kb[i];
	}
	return any;
}

/* OpenSSL's text for a verify code, or NULL for codes it does not know
 * (and for X509_V_OK, which is no error). */
static const char *
verify_text(int code)
{
	const char *s;

	if (code <= 0 || code > MAX_VERIFY_CODE)
		return NULL;
	s = X509_verify_cert_error_string(code);
	if (s == NULL || strncmp(s, "unknown certificate verification error",
	    38) == 0)
		return NULL;
	return s;
}

static const char *
line_end(const char *low, size_t len, size_t from)
{
	const char *nl = memchr(low + from, '\n', len - from);

	return nl != NULL ? nl : low + len;
}

/* Finds pattern (lowercase, '*' = any run within a line) in low at or
 * after from. */
static bool
find_pattern(const char *low, size_t len, size_t from, const char *pat,
    size_t *start, size_t *end)
{
	const char *star = strchr(pat, '*');
	size_t seglen = star != NULL ? (size_t)(star - pat) : strlen(pat);

	while (from < len) {
		const char *hit = memmem(low + from, len - from, pat, seglen);
		const char *p, *rest, *limit;
		bool ok = true;

		if (hit == NULL || seglen == 0)
			return false;
		p = hit + seglen;
		limit = line_end(low, len, (size_t)(hit - low));
		for (rest = star; ok && rest != NULL; ) {
			const char *seg = rest + 1;
			const char *next = strchr(seg, '*');
			size_t n = next != NULL ? (size_t)(next - seg) :
			    strlen(seg);
			const char *h = memmem(p, (size_t)(limit - p), seg, n);
			if (h == NULL)
				ok = false;
			else
				p = h + n;
			rest = next;
		}
		if (ok) {
			*start = (size_t)(hit - low);
			*end = (size_t)(p - low);
			return true;
		}
		/* A later start on this line leaves less of it to search: it
		 * cannot match either. Retrying each one made long lines
		 * quadratic. */
		from = (size_t)(limit - low) + 1;
	}
	return false;
}

static bool
match_all(struct matches *ms, const char *low, size_t len,
    const struct kb_entry *e, int code, const char *pat)
{
	size_t from = 0, s, t;

	while (find_pattern(low, len, from, pat, &s, &t)) {
		if (!matches_push(ms, e, code, s, t))
			return false;
		/* Matches of one pattern do not overlap: resuming inside one
		 * made a line of repeated prefixes quadratic. */
		from = t;
	}
	return true;
}

/* Lowercase copy of OpenSSL's text, for matching. */
static void
lower_copy(char *dst, size_t dstlen, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < dstlen && src[i] != '\0'; i++)
		dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ?
		    (char)(src[i] - 'A' + 'a') : src[i];
	dst[i] = '\0';
}

static bool
match_patterns(struct matches *ms, const char *low, size_t len)
{
	char buf[128];

	for (size_t i = 0; i < explain_kb_count; i++) {
		const struct kb_entry *e = &explain_kb[i];
		for (size_t j = 0; j < KB_MAX_PATTERNS &&
		    e->patterns[j] != NULL; j++)
			if (!match_all(ms, low, len, e, 0, e->patterns[j]))
				return false;
	}
	/* OpenSSL's own words for each verify error. */
	for (int code = 1; code <= MAX_VERIFY_CODE; code++) {
		const char *s = verify_text(code);
		const struct kb_entry *e = entry_for_code(code);
		if (s == NULL || e == NULL || strchr(s, '*') != NULL)
			continue;
		if (e->verify_code == KB_ANY_VERIFY_CODE &&
		    strlen(s) < MIN_VERIFY_TEXT)
			continue;
		lower_copy(buf, sizeof(buf), s);
		if (!match_all(ms, low, len, e, code, buf))
			return false;
	}
	return true;
}

static size_t
digits_at(const char *low, size_t len, size_t i, int *value)
{
	size_t n = 0;
	int v = 0;

	while (i + n < len && n < 4 && low[i + n] >= '0' && low[i + n] <= '9')
		v = v * 10 + (low[i + n++] - '0');
	*value = v;
	return n;
}

/* Extends a numbered form over OpenSSL's text for the code when it
 * follows ("error:num=20:unable to get local issuer certificate",
 * "code: 21 (unable to verify the first certificate)"), so the whole
 * message is what was seen. */
static size_t
with_text(const char *low, size_t len, size_t end, int code)
{
	char text[128];
	size_t i = end, n;
	bool paren = false;

	while (i < len && i - end < 3 && (low[i] == ':' || low[i] == ' ' ||
	    low[i] == '(')) {
		paren = paren || low[i] == '(';
		i++;
	}
	lower_copy(text, sizeof(text), verify_text(code));
	n = strlen(text);
	if (len - i < n || memcmp(low + i, text, n) != 0)
		return end;
	i += n;
	if (paren && i < len && low[i] == ')')
		i++;
	return i;
}

static bool
push_code(struct matches *ms, const char *low, size_t len, int code,
    size_t start, size_t end)
{
	static const char verify[] = "verify ";
	const size_t vlen = sizeof(verify) - 1;
	const struct kb_entry *e;

	if (verify_text(code) == NULL || (e = entry_for_code(code)) == NULL)
		return true;
	if (start >= vlen && memcmp(low + start - vlen, verify, vlen) == 0)
		start -= vlen;
	return matches_push(ms, e, code, start, with_text(low, len, end, code));
}

/* The numbered forms: s_client's "verify error:num=20" and "Verify return
 * code: 20", and `openssl verify`'s "error 20 at 0 depth lookup". */
static bool
match_verify_numbers(struct matches *ms, const char *low, size_t len)
{
	static const char *const prefixes[] = {
		"error:num=", "verify return code: ", NULL
	};
	static const char lookup[] = "error ";
	const char *hit;
	size_t from, n, m;
	int code, depth;

	for (size_t p = 0; prefixes[p] != NULL; p++) {
		size_t plen = strlen(prefixes[p]);
		for (from = 0; (hit = memmem(low + from, len - from,
		    prefixes[p], plen)) != NULL; from = (size_t)(hit - low) + 1) {
			size_t i = (size_t)(hit - low) + plen;
			if ((n = digits_at(low, len, i, &code)) > 0 &&
			    !push_code(ms, low, len, code, (size_t)(hit - low),
			    i + n))
				return false;
		}
	}
	for (from = 0; (hit = memmem(low + from, len - from, lookup,
	    sizeof(lookup) - 1)) != NULL; from = (size_t)(hit - low) + 1) {
		size_t i = (size_t)(hit - low) + sizeof(lookup) - 1;
		if ((n = digits_at(low, len, i, &code)) == 0)
			continue;
		i += n;
		if (len - i < 4 || memcmp(low + i, " at ", 4) != 0)
			continue;
		i += 4;
		if ((m = digits_at(low, len, i, &depth)) == 0)
			continue;
		i += m;
		if (len - i < 13 || memcmp(low + i, " depth lookup", 13) != 0)
			continue;
		if (!push_code(ms, low, len, code, (size_t)(hit - low), i + 13))
			return false;
	}
	return true;
}

static int
by_position(const void *a, const void *b)
{
	const struct match *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;	/* longer first */
	return 0;
}

static void
number_lines(struct matches *ms, const char *low)
{
	size_t line = 0, pos = 0;

	for (size_t i = 0; i < ms->n; i++) {
		for (; pos < ms->v[i].start; pos++)
			if (low[pos] == '\n')
				line++;
		ms->v[i].line = line;
	}
}

/* "self-signed certificate" inside "self-signed certificate in
 * certificate chain" is not a message of its own. Needs sorted input. */
static void
drop_contained(struct matches *ms)
{
	const struct match *outer = NULL;

	for (size_t i = 0; i < ms->n; i++) {
		struct match *m = &ms->v[i];
		if (outer != NULL && m->end <= outer->end &&
		    (m->start != outer->start || m->end != outer->end)) {
			m->drop = true;
			continue;
		}
		if (outer == NULL || m->end > outer->end)
			outer = m;
	}
}

/* Keep only the most detailed messages: "certificate verify failed" or
 * curl's "(60)" add nothing once the reason itself was pasted, be it on
 * the same line (curl, Python) or another (s_client prints the verify
 * error lines before the summary). */
static void
drop_wrappers(struct matches *ms)
{
	enum kb_detail best = DETAIL_WRAPPER;

	for (size_t i = 0; i < ms->n; i++)
		if (!ms->v[i].drop && ms->v[i].e->detail < best)
			best = ms->v[i].e->detail;
	for (size_t i = 0; i < ms->n; i++)
		if (ms->v[i].e->detail > best)
			ms->v[i].drop = true;
}

static bool
seen(const struct explanations *xs, const struct match *m)
{
	for (size_t i = 0; i < xs->n; i++)
		if (xs->v[i].entry == m->e &&
		    (m->e->verify_code != KB_ANY_VERIFY_CODE ||
		    xs->v[i].verify_code == m->code))
			return true;
	return false;
}

static char *
span_dup(const char *text, size_t start, size_t end)
{
	char *s = malloc(end - start + 1);

	if (s == NULL)
		return NULL;
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)text[i];
		s[i - start] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
	}
	s[end - start] = '\0';
	return s;
}

/* The first qualifier of the entry whose pattern occurs in the text. */
static const struct kb_qualifier *
find_qualifier(const struct kb_entry *e, const char *low, size_t len)
{
	size_t s, t;

	for (size_t q = 0; q < KB_MAX_QUALIFIERS &&
	    e->qualifiers[q].pattern != NULL; q++)
		if (find_pattern(low, len, 0, e->qualifiers[q].pattern, &s, &t))
			return &e->qualifiers[q];
	return NULL;
}

static bool
add_explanation(struct explanations *xs, const char *text,
    const char *low, size_t len, const struct match *m,
    const struct paste_values *pv)
{
	struct explanation *x;

	if (xs->n == xs->cap) {
		size_t cap = xs->cap ? xs->cap * 2 : 8;
		struct explanation *v = realloc(xs->v, cap * sizeof(*v));
		if (v == NULL)
			return false;
		xs->v = v;
		xs->cap = cap;
	}
	x = &xs->v[xs->n];
	memset(x, 0, sizeof(*x));
	x->entry = m->e;
	x->verify_code = m->code;
	x->offset = m->start;
	x->qualifier = find_qualifier(m->e, low, len);
	if (m->e->verify_code == KB_ANY_VERIFY_CODE) {
		if (asprintf(&x->title, "OpenSSL verify error %d: %s", m->code,
		    verify_text(m->code)) < 0)
			x->title = NULL;
	} else
		x->title = strdup(m->e->title);
	x->matched = span_dup(text, m->start, m->end);
	x->confirm = confirm_fill(m->e->confirm, pv);
	if (x->title == NULL || x->matched == NULL || x->confirm == NULL) {
		free(x->title);
		free(x->matched);
		free(x->confirm);
		return false;
	}
	xs->n++;
	return true;
}

static bool
looks_like_error(const char *low, size_t start, size_t end)
{
	for (size_t w = 0; error_words[w] != NULL; w++)
		if (memmem(low + start, end - start, error_words[w],
		    strlen(error_words[w])) != NULL)
			return true;
	return false;
}

static bool
add_unrecognized(struct explanations *xs, const char *text, size_t start,
    size_t end)
{
	char *s, **v;

	while (start < end && (text[start] == ' ' || text[start] == '\t'))
		start++;
	while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' ||
	    text[end - 1] == '\r'))
		end--;
	if (end - start > MAX_UNRECOGNIZED_LEN)
		end = start + MAX_UNRECOGNIZED_LEN;
	if (xs->nunrecognized == xs->capunrecognized) {
		size_t cap = xs->capunrecognized ? xs->capunrecognized * 2 : 4;
		if ((v = realloc(xs->unrecognized, cap * sizeof(*v))) == NULL)
			return false;
		xs->unrecognized = v;
		xs->capunrecognized = cap;
	}
	if ((s = span_dup(text, start, end)) == NULL)
		return false;
	xs->unrecognized[xs->nunrecognized++] = s;
	return true;
}

/* Error-looking lines on which nothing matched at all. Needs ms sorted
 * and numbered. */
static bool
find_unrecognized(struct explanations *xs, const char *text,
    const char *low, size_t len, const struct matches *ms)
{
	size_t start = 0, line = 0, mi = 0;

	while (start < len && xs->nunrecognized < MAX_UNRECOGNIZED) {
		size_t end = (size_t)(line_end(low, len, start) - low);
		bool matched = false;
		while (mi < ms->n && ms->v[mi].line < line)
			mi++;
		matched = mi < ms->n && ms->v[mi].line == line;
		if (!matched && looks_like_error(low, start, end) &&
		    !add_unrecognized(xs, text, start, end))
			return false;
		start = end + 1;
		line++;
	}
	return true;
}

bool
explain_text(const char *text, size_t len, struct explanations *xs)
{
	struct matches ms = { 0 };
	struct paste_values pv;
	char *low;
	bool ok = false;

	if ((low = malloc(len + 1)) == NULL)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		/* NUL would end the pattern searches early: a space. */
		low[i] = c == '\0' ? ' ' : (c >= 'A' && c <= 'Z') ?
		    (char)(c - 'A' + 'a') : (char)c;
	}
	low[len] = '\0';

	if (!match_patterns(&ms, low, len) ||
	    !match_verify_numbers(&ms, low, len))
		goto out;
	if (ms.n > 0)
		array_sort(ms.v, ms.n, sizeof(*ms.v), by_position);
	number_lines(&ms, low);
	drop_contained(&ms);
	drop_wrappers(&ms);
	paste_values_find(text, len, &pv);
	for (size_t i = 0; i < ms.n; i++)
		if (!ms.v[i].drop && !seen(xs, &ms.v[i]) &&
		    !add_explanation(xs, text, low, len, &ms.v[i], &pv))
			goto out;
	if (!find_unrecognized(xs, text, low, len, &ms))
		goto out;
	ok = true;
out:
	free(ms.v);
	free(low);
	return ok;
}

char *
explain_read(FILE *fp, size_t max, size_t *len, bool *too_big)
{
	size_t n = 0, cap = 0;
	char *buf = NULL, *nb;

	*too_big = false;
	*len = 0;
	for (;;) {
		size_t got;
		if (n == cap) {
			if (cap > max) {
				*too_big = true;
				free(buf);
				return NULL;
			}
			cap = cap ? cap * 2 : 4096;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp) || n > max) {
		*too_big = n > max;
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}
