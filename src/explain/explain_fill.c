/* The host and file a paste names, put into the knowledge base's confirm
 * command in place of its placeholders ("example.com", "cert.pem",
 * "FILE"), so the command can be run as printed. Values come from
 * outside: they are accepted only in a narrow alphabet and every one goes
 * through sh_quote. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "explain/explain.h"
#include "shquote.h"
#include "strbuf.h"

#define MAX_HOST	253
#define MAX_PATH_LEN	1024

static char
lc(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool
host_char(char c)
{
	c = lc(c);
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	    c == '-';
}

/* Case-insensitive search for needle (lowercase) in text[from, len). */
static const char *
find_ci(const char *text, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = from; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && lc(text[i + k]) == needle[k])
			k++;
		if (k == n)
			return text + i;
	}
	return NULL;
}

/* Reads a host name (and ":port") at text[i]; true when it looks like
 * one: a dotted name or "localhost", not starting with '-' or '.'. */
static bool
read_host(const char *text, size_t len, size_t i, struct paste_values *pv)
{
	size_t n = 0, p = 0;
	bool dot = false;

	while (i + n < len && n < MAX_HOST && host_char(text[i + n])) {
		dot = dot || text[i + n] == '.';
		n++;
	}
	if (n == 0 || (i + n < len && host_char(text[i + n])) ||
	    text[i] == '-' || text[i] == '.' || text[i + n - 1] == '.')
		return false;
	for (size_t k = 0; k < n; k++)
		pv->host[k] = lc(text[i + k]);
	pv->host[n] = '\0';
	if (!dot && strcmp(pv->host, "localhost") != 0) {
		pv->host[0] = '\0';
		return false;
	}
	pv->port[0] = '\0';
	if (i + n < len && text[i + n] == ':') {
		while (i + n + 1 + p < len && p < 5 && text[i + n + 1 + p] >= '0' &&
		    text[i + n + 1 + p] <= '9')
			p++;
		if (p > 0) {
			memcpy(pv->port, text + i + n + 1, p);
			pv->port[p] = '\0';
		}
	}
	return true;
}

/* The first host the paste connects to: a https:// (or wss://) URL,
 * Python's HTTPSConnectionPool(host='...', port=N), curl's "connect to
 * HOST port N", wget's "cannot verify HOST's certificate". */
static void
find_host(const char *text, size_t len, struct paste_values *pv)
{
	static const char *const after[] = {
		"https://", "wss://", "host='", "connect to ",
		"cannot verify ", NULL
	};
	size_t best = len;

	for (size_t a = 0; after[a] != NULL; a++) {
		size_t from = 0;
		const char *hit;
		while ((hit = find_ci(text, len, from, after[a])) != NULL) {
			size_t i = (size_t)(hit - text) + strlen(after[a]);
			size_t at = i;
			struct paste_values v = { 0 };
			from = i;
			if ((size_t)(hit - text) >= best)
				break;
			/* user@host in a URL */
			while (at < len && at - i < 64 && text[at] != '/' &&
			    text[at] != '@' && text[at] > ' ')
				at++;
			if (a < 2 && at < len && text[at] == '@')
				i = at + 1;
			if (!read_host(text, len, i, &v))
				continue;
			if (a == 2 || a == 3) {
				/* ", port=443" and " port 443" */
				const char *q = text + i + strlen(v.host);
				size_t rest = len - (size_t)(q - text);
				size_t skip = rest >= 8 && memcmp(q, "', port=", 8)
				    == 0 ? 8 : rest >= 6 && memcmp(q, " port ",
				    6) == 0 ? 6 : 0;
				size_t p = 0;
				while (skip > 0 && skip + p < rest && p < 5 &&
				    q[skip + p] >= '0' && q[skip + p] <= '9')
					p++;
				if (skip > 0 && p > 0 && skip + p <= rest) {
					memcpy(v.port, q + skip, p);
					v.port[p] = '\0';
				}
			}
			memcpy(pv->host, v.host, sizeof(pv->host));
			memcpy(pv->port, v.port, sizeof(pv->port));
			best = (size_t)(hit - text);
			break;
		}
	}
}

static bool
path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("._/-+@%~", c) != NULL;
}

static enum paste_file_kind
kind_of(const char *text, size_t start, const char *path, const char *ext)
{
	size_t back = start > 24 ? start - 24 : 0;

	if (strcmp(ext, ".p12") == 0 || strcmp(ext, ".pfx") == 0)
		return PASTE_FILE_P12;
	if (strcmp(ext, ".key") == 0 || strstr(path, "key") != NULL ||
	    find_ci(text, start, back, "key") != NULL)
		return PASTE_FILE_KEY;
	return PASTE_FILE_CERT;
}

/* A quoted name may hold spaces ('/etc/my site.pem'): when the name
 * ends at a quote and an opening one precedes it on the line, the file
 * starts there. Control characters end the search. */
static size_t
quoted_start(const char *text, size_t start, size_t end, size_t len)
{
	char q;

	if (start == 0 || text[start - 1] != ' ' || end >= len ||
	    (text[end] != '\'' && text[end] != '"'))
		return start;
	q = text[end];
	for (size_t i = start; i > 0 && end - i < MAX_PATH_LEN; i--) {
		unsigned char c = (unsigned char)text[i - 1];
		if (c < 0x20 || c == 0x7f)
			return start;
		if (c == (unsigned char)q)
			return i;
	}
	return start;
}

/* The first file the paste names with an extension of certificates,
 * keys and keystores: an absolute path (/etc/..., C:/...) or a bare
 * name; not the path of a URL. */
static void
find_file(const char *text, size_t len, struct paste_values *pv)
{
	static const char *const exts[] = {
		".pem", ".crt", ".cer", ".key", ".p12", ".pfx", ".der",
		".jks", NULL
	};
	size_t best = len;

	for (size_t x = 0; exts[x] != NULL; x++) {
		size_t el = strlen(exts[x]);
		const char *hit;
		for (size_t from = 0; (hit = find_ci(text, len, from, exts[x]))
		    != NULL; from = (size_t)(hit - text) + 1) {
			size_t end = (size_t)(hit - text) + el, start = end - el;
			char ext[8];
			/* The hit must end its run of path characters (a
			 * sentence's full stop aside): each run is then walked
			 * back once, whatever the input. */
			if (end < len && path_char(text[end]) &&
			    !(text[end] == '.' && (end + 1 == len ||
			    !path_char(text[end + 1]))))
				continue;
			while (start > 0 && path_char(text[start - 1]))
				start--;
			/* C:/dir/file.pem */
			if (start >= 2 && text[start - 1] == ':' &&
			    ((text[start - 2] >= 'A' && text[start - 2] <= 'Z') ||
			    (text[start - 2] >= 'a' && text[start - 2] <= 'z')) &&
			    (start < 3 || !path_char(text[start - 3])))
				start -= 2;
			start = quoted_start(text, start, end, len);
			if (start >= best || end - el == start ||
			    end - start > MAX_PATH_LEN ||
			    (end - start >= 2 && text[start] == '/' &&
			    text[start + 1] == '/') ||
			    (start > 0 && text[start - 1] == ':'))
				continue;
			memcpy(pv->file, text + start, end - start);
			pv->file[end - start] = '\0';
			for (size_t k = 0; k < el; k++)
				ext[k] = lc(exts[x][k]);
			ext[el] = '\0';
			pv->file_kind = kind_of(text, start, pv->file, ext);
			best = start;
			break;
		}
	}
}

void
paste_values_find(const char *text, size_t len, struct paste_values *pv)
{
	memset(pv, 0, sizeof(*pv));
	find_host(text, len, pv);
	find_file(text, len, pv);
}

/* The placeholders each kind of file stands in for, longest first. */
static const char *const cert_words[] = {
	"FILE.pem", "FILE", "cert.pem", NULL
};
static const char *const key_words[] = {
	"FILE.pem", "FILE", "key.pem", NULL
};
static const char *const p12_words[] = {
	"FILE.p12", "file.p12", "FILE", NULL
};

static bool
word_edge(char c)
{
	return c == '\0' || c == ' ' || c == ',' || c == ')' || c == '(';
}

/* The placeholder that starts at s, or NULL; *n gets its length. */
static const char *
placeholder_at(const char *s, const char *const *words, size_t *n)
{
	for (size_t w = 0; words[w] != NULL; w++) {
		size_t k = strlen(words[w]);
		if (strncmp(s, words[w], k) == 0 && word_edge(s[k])) {
			*n = k;
			return words[w];
		}
	}
	return NULL;
}

char *
confirm_fill(const char *confirm, const struct paste_values *pv)
{
	static const char example[] = "example.com";
	const size_t elen = sizeof(example) - 1;
	const char *const *words = pv->file_kind == PASTE_FILE_KEY ?
	    key_words : pv->file_kind == PASTE_FILE_P12 ? p12_words :
	    cert_words;
	struct strbuf sb = STRBUF_INIT;
	char *host = NULL, *hostport = NULL, *file = NULL, *path = NULL;

	if (pv->host[0] != '\0') {
		host = sh_quote(pv->host);
		if (pv->port[0] != '\0' && strcmp(pv->port, "443") != 0) {
			if (asprintf(&path, "%s:%s", pv->host, pv->port) < 0)
				path = NULL;
			hostport = path != NULL ? sh_quote(path) : NULL;
			free(path);
			path = NULL;
		} else
			hostport = host != NULL ? strdup(host) : NULL;
		if (host == NULL || hostport == NULL)
			goto fail;
	}
	if (pv->file[0] != '\0') {
		if ((path = sh_path(pv->file)) == NULL ||
		    (file = sh_quote(path)) == NULL)
			goto fail;
	}
	for (const char *s = confirm; *s != '\0'; ) {
		bool edge = s == confirm || word_edge(s[-1]);
		size_t n;
		if (host != NULL && edge && strncmp(s, example, elen) == 0 &&
		    (word_edge(s[elen]) || s[elen] == ':')) {
			/* "connect example.com[:PORT]" names the server with
			 * its port; "--host example.com" only the name. */
			bool target = s - confirm >= 8 &&
			    strncmp(s - 8, "connect ", 8) == 0;
			s += elen;
			if (*s == ':' && pv->port[0] != '\0') {
				while (*s != '\0' && !word_edge(*s))
					s++;
				target = true;
			}
			strbuf_add(&sb, target ? hostport : host);
			continue;
		}
		if (file != NULL && edge && placeholder_at(s, words, &n)) {
			strbuf_add(&sb, file);
			s += n;
			continue;
		}
		strbuf_addf(&sb, "%c", *s++);
	}
	free(host);
	free(hostport);
	free(path);
	free(file);
	return strbuf_detach(&sb);
fail:
	free(host);
	free(hostport);
	free(path);
	free(file);
	strbuf_free(&sb);
	return NULL;
}
