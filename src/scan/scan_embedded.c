#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "scan_embedded.h"

static const char begin[] = "-----BEGIN ";
static const char end[] = "-----END ";
/* base64 of "-----BEGIN": how a PEM text starts once encoded (Secret
 * data: tls.crt: LS0tLS1CRUdJTi...). */
static const char b64_begin[] = "LS0tLS1CRUdJTi";

#define KEY_MAX		96u	/* a mapping key kept for names */
#define STACK_MAX	64u	/* nesting followed by indentation */

struct level {
	size_t indent;
	char key[KEY_MAX];
};

struct scanner {
	struct level stack[STACK_MAX];
	size_t depth;
	embedded_fn *fn;
	void *arg;
	size_t found, over;
	bool oom;
	/* An indented PEM block being collected (YAML block scalar). */
	unsigned char *block;
	size_t blen, bcap, bindent;
	unsigned bline;
	char bkey[2 * KEY_MAX + 1];
};

static bool
starts(const unsigned char *p, const unsigned char *e, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(e - p) >= n && memcmp(p, s, n) == 0;
}

static const unsigned char *
find(const unsigned char *p, const unsigned char *e, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(e - p) >= n ? memmem(p, (size_t)(e - p), s, n) : NULL;
}

bool
embedded_bare_pem(const unsigned char *buf, size_t len)
{
	const unsigned char *p = buf, *e = buf + len;

	while ((p = find(p, e, begin)) != NULL) {
		if (p == buf || p[-1] == '\n')
			return true;
		p++;
	}
	return false;
}

bool
embedded_maybe(const unsigned char *buf, size_t len)
{
	const unsigned char *e = buf + len;

	if (find(buf, e, b64_begin) != NULL)
		return true;
	for (const unsigned char *p = buf; (p = find(p, e, begin)) != NULL;
	    p++)
		if (p != buf && p[-1] != '\n')
			return true;
	return false;
}

/* A name for reports: printable, no '/' (scan pairs files by folder). */
static void
name_copy(char *dst, size_t cap, const unsigned char *s, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; i < n && j + 1 < cap; i++)
		dst[j++] = s[i] == '/' ? '_' : (s[i] < 0x20 || s[i] >= 0x7f) ?
		    '?' : (char)s[i];
	dst[j] = '\0';
}

/* "parent.key": the last two keys of the stack. */
static void
stack_name(const struct scanner *sc, char *dst, size_t cap)
{
	if (sc->depth == 0)
		snprintf(dst, cap, "%s", "(value)");
	else if (sc->depth == 1)
		snprintf(dst, cap, "%s", sc->stack[0].key);
	else
		snprintf(dst, cap, "%s.%s", sc->stack[sc->depth - 2].key,
		    sc->stack[sc->depth - 1].key);
}

static void
emit(struct scanner *sc, const char *key, unsigned line,
    const unsigned char *pem, size_t len)
{
	if (sc->found >= SCAN_MAX_EMBEDDED) {
		sc->over++;
		return;
	}
	sc->found++;
	sc->fn(sc->arg, key, line, pem, len);
}

static bool
block_add(struct scanner *sc, const unsigned char *p, size_t n)
{
	if (sc->blen + n + 1 > sc->bcap) {
		size_t cap = (sc->blen + n + 1) * 2;
		unsigned char *v = malloc(cap);
		if (v == NULL) {
			sc->oom = true;
			return false;
		}
		if (sc->block != NULL) {
			memcpy(v, sc->block, sc->blen);
			OPENSSL_cleanse(sc->block, sc->blen);
			free(sc->block);
		}
		sc->block = v;
		sc->bcap = cap;
	}
	memcpy(sc->block + sc->blen, p, n);
	sc->blen += n;
	sc->block[sc->blen++] = '\n';
	return true;
}

static void
block_end(struct scanner *sc, bool complete)
{
	if (complete)
		emit(sc, sc->bkey, sc->bline, sc->block, sc->blen);
	if (sc->block != NULL)
		OPENSSL_cleanse(sc->block, sc->blen);
	sc->blen = 0;
	sc->bindent = 0;
}

/* The key that starts a line ("key:", "- key:", "\"key\":"), if any:
 * its span, and where its value starts. */
static bool
line_key(const unsigned char *p, const unsigned char *e,
    const unsigned char **k, size_t *kl, const unsigned char **val)
{
	const unsigned char *q;

	if (p < e && (*p == '"' || *p == '\'')) {
		unsigned char quote = *p;
		for (q = p + 1; q < e && *q != quote; q++)
			if (*q == '\\' && quote == '"' && q + 1 < e)
				q++;
		if (q >= e || q + 1 >= e || q[1] != ':')
			return false;
		*k = p + 1;
		*kl = (size_t)(q - p - 1);
		*val = q + 2;
		return true;
	}
	for (q = p; q < e && *q != ':' && *q != '#' && *q != '"' &&
	    *q != '{' && *q != '[' && *q != ' '; q++)
		;
	if (q == p || q >= e || *q != ':' || (q + 1 < e && q[1] != ' ' &&
	    q[1] != '\t'))
		return false;
	*k = p;
	*kl = (size_t)(q - p);
	*val = q + 1;
	return true;
}

/* The nearest "key": before pos on the line, for one-line JSON. */
static bool
inline_key(const unsigned char *s, const unsigned char *pos, char *dst,
    size_t cap)
{
	const unsigned char *q = pos, *kend, *kstart;

	while (q > s && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	if (q <= s || q[-1] != ':')
		return false;
	q--;
	while (q > s && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	if (q <= s || (q[-1] != '"' && q[-1] != '\''))
		return false;
	kend = q - 1;
	for (kstart = kend; kstart > s && kstart[-1] != *kend; kstart--)
		;
	if (kstart <= s)
		return false;
	name_copy(dst, cap, kstart, (size_t)(kend - kstart));
	return true;
}

/* Past the double-quoted string starting at q (the quote). */
static const unsigned char *
string_end(const unsigned char *q, const unsigned char *e)
{
	for (q++; q < e && *q != '"'; q++)
		if (*q == '\\' && q + 1 < e)
			q++;
	return q < e ? q + 1 : e;
}

/* A "\n"-escaped PEM text in a double-quoted string starting at q (the
 * quote), up to the closing quote or the end of the line. */
static void
json_string(struct scanner *sc, const unsigned char *q,
    const unsigned char *e, const char *key, unsigned line)
{
	unsigned char *out;
	size_t n = 0;

	if (sc->found >= SCAN_MAX_EMBEDDED) {
		sc->over++;
		return;
	}
	if ((out = malloc((size_t)(e - q) + 1)) == NULL) {
		sc->oom = true;
		return;
	}
	for (q++; q < e && *q != '"'; q++) {
		if (*q != '\\' || q + 1 >= e) {
			out[n++] = *q;
			continue;
		}
		switch (*++q) {
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u':	/* never in PEM text: kept visible */
			out[n++] = '?';
			q += (size_t)(e - q) > 4 ? 4 : (size_t)(e - q - 1);
			break;
		default: out[n++] = *q; break;	/* \" \\ \/ */
		}
	}
	emit(sc, key, line, out, n);
	OPENSSL_cleanse(out, n);
	free(out);
}

static bool
is_b64(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

/* A base64 token holding a PEM text (Secret data). */
static void
base64_token(struct scanner *sc, const unsigned char *p,
    const unsigned char *e, const char *key, unsigned line)
{
	const unsigned char *q = p;
	unsigned char *out;
	EVP_ENCODE_CTX *ctx;
	int n = 0, m = 0;

	while (q < e && is_b64(*q))
		q++;
	if (sc->found >= SCAN_MAX_EMBEDDED) {
		sc->over++;
		return;
	}
	if ((size_t)(q - p) > (size_t)INT32_MAX / 2)
		return;
	if ((out = malloc((size_t)(q - p) + 4)) == NULL ||
	    (ctx = EVP_ENCODE_CTX_new()) == NULL) {
		free(out);
		sc->oom = true;
		return;
	}
	EVP_DecodeInit(ctx);
	if (EVP_DecodeUpdate(ctx, out, &n, p, (int)(q - p)) >= 0 &&
	    EVP_DecodeFinal(ctx, out + n, &m) == 1 && n + m > 0)
		emit(sc, key, line, out, (size_t)(n + m));
	EVP_ENCODE_CTX_free(ctx);
	OPENSSL_cleanse(out, (size_t)(q - p) + 4);
	free(out);
}

/* The last "\n" escape of the line, or NULL: a PEM text in a string
 * is followed by one. */
static const unsigned char *
last_escape(const unsigned char *s, const unsigned char *e)
{
	for (const unsigned char *q = e; q > s + 1; q--)
		if (q[-1] == 'n' && q[-2] == '\\')
			return q - 2;
	return NULL;
}

static void
scan_line(struct scanner *sc, const unsigned char *s, const unsigned char *e,
    unsigned line)
{
	const unsigned char *p = s, *k, *val = NULL, *hit;
	size_t indent, kl;
	const unsigned char *esc;
	char name[2 * KEY_MAX + 1];
	bool keyed;

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (sc->blen > 0) {
		/* Inside an indented block: same indentation, until END. */
		if ((size_t)(p - s) < sc->bindent && p < e) {
			block_end(sc, false);	/* cut short: not a PEM */
		} else {
			if (!block_add(sc, p, (size_t)(e - p)))
				return;
			if (starts(p, e, end))
				block_end(sc, true);
			return;
		}
	}
	while (p + 1 < e && *p == '-' && p[1] == ' ') {
		p += 2;		/* a sequence item: "- key: value" */
		while (p < e && *p == ' ')
			p++;
	}
	indent = (size_t)(p - s);
	if (p == e || *p == '#')
		return;
	if (starts(p, e, begin)) {
		if (p == s)
			return;		/* bare PEM: the loader reads it */
		stack_name(sc, sc->bkey, sizeof(sc->bkey));
		sc->bindent = indent;
		sc->bline = line;
		block_add(sc, p, (size_t)(e - p));
		return;
	}
	if ((keyed = line_key(p, e, &k, &kl, &val))) {
		while (sc->depth > 0 && sc->stack[sc->depth - 1].indent >= indent)
			sc->depth--;
		if (sc->depth < STACK_MAX) {
			sc->stack[sc->depth].indent = indent;
			name_copy(sc->stack[sc->depth].key, KEY_MAX, k, kl);
			sc->depth++;
		}
	}
	/* Each string and token is decoded once, and the search goes on
	 * after it: a hostile line costs its length, not its square. */
	esc = last_escape(p, e);
	for (hit = p; hit < e && (hit = find(hit, e, begin)) != NULL; ) {
		const unsigned char *vstart = val;
		if (hit[-1] != '"' || esc == NULL || esc < hit) {
			hit++;
			continue;
		}
		while (vstart != NULL && vstart < e && *vstart == ' ')
			vstart++;
		if (!(keyed && vstart == hit - 1) &&
		    inline_key(p, hit - 1, name, sizeof(name)))
			;
		else
			stack_name(sc, name, sizeof(name));
		json_string(sc, hit - 1, e, name, line);
		hit = string_end(hit - 1, e);
	}
	for (hit = p; hit < e && (hit = find(hit, e, b64_begin)) != NULL; ) {
		const unsigned char *vstart = val, *tok = hit;
		if (hit > s && is_b64(hit[-1])) {
			while (hit < e && is_b64(*hit))
				hit++;	/* inside another token: skip it */
			continue;
		}
		while (vstart != NULL && vstart < e && *vstart == ' ')
			vstart++;
		if (vstart != NULL && vstart < e && (*vstart == '"' ||
		    *vstart == '\''))
			vstart++;
		if (!(keyed && vstart == tok) && inline_key(p, tok > p &&
		    (tok[-1] == '"' || tok[-1] == '\'') ? tok - 1 : tok, name,
		    sizeof(name)))
			;
		else
			stack_name(sc, name, sizeof(name));
		base64_token(sc, tok, e, name, line);
		while (hit < e && is_b64(*hit))
			hit++;
	}
}

size_t
embedded_find(const unsigned char *buf, size_t len, embedded_fn *fn,
    void *arg)
{
	struct scanner sc = { .fn = fn, .arg = arg };
	const unsigned char *p = buf, *e = buf + len;
	unsigned line = 0;

	while (p < e && !sc.oom) {
		const unsigned char *nl = memchr(p, '\n', (size_t)(e - p));
		const unsigned char *le = nl != NULL ? nl : e;
		line++;
		scan_line(&sc, p, le > p && le[-1] == '\r' ? le - 1 : le,
		    line);
		p = nl != NULL ? nl + 1 : e;
	}
	if (sc.blen > 0)
		block_end(&sc, false);
	free(sc.block);
	return sc.oom ? (size_t)-1 : sc.over;
}
