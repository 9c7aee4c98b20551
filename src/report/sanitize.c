#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/sanitize.h"

size_t
utf8_seq(const unsigned char *s, unsigned long *cp)
{
	unsigned long c;
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the NUL */
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are not UTF-8. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

/* Code points that change how a terminal shows what follows. */
static bool
hidden_control(unsigned long c)
{
	return (c >= 0x80 && c <= 0x9f) ||		/* C1 */
	    c == 0x061c || c == 0x200e || c == 0x200f ||	/* marks */
	    (c >= 0x202a && c <= 0x202e) ||		/* embeddings */
	    (c >= 0x2066 && c <= 0x2069) ||		/* isolates */
	    c == 0xfeff;
}

char *
clean_text(const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	char *out, *p;

	if (in == NULL)
		return NULL;
	/* \xNN is the longest output per input byte; \uNNNN per 2 bytes. */
	if ((out = p = malloc(strlen(in) * 4 + 1)) == NULL)
		return NULL;
	while (*s != '\0') {
		unsigned long c;
		size_t n = utf8_seq(s, &c);

		if (n == 0) {
			p += sprintf(p, "\\x%02X", *s);
			s++;
		} else if (c == '\n') {
			p += sprintf(p, "\\n");
			s++;
		} else if (c == '\t') {
			p += sprintf(p, "\\t");
			s++;
		} else if (c == '\r') {
			p += sprintf(p, "\\r");
			s++;
		} else if (c < 0x20 || c == 0x7f) {
			p += sprintf(p, "\\x%02lX", c);
			s++;
		} else if (hidden_control(c)) {
			p += sprintf(p, "\\u%04lX", c);
			s += n;
		} else {
			memcpy(p, s, n);
			p += n;
			s += n;
		}
	}
	*p = '\0';
	return out;
}

void
put_text(FILE *fp, const char *s)
{
	char *c = clean_text(s);

	if (c != NULL)
		fputs(c, fp);
	free(c);
}

char *
clean_json_doc(const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	char *out, *p;

	if (in == NULL)
		return NULL;
	/* "\\xNN" is five bytes for one. */
	if ((out = p = malloc(strlen(in) * 5 + 1)) == NULL)
		return NULL;
	while (*s != '\0') {
		unsigned long c;
		size_t n = utf8_seq(s, &c);

		if (n == 0) {
			p += sprintf(p, "\\\\x%02X", *s);
			s++;
		} else {
			memcpy(p, s, n);
			p += n;
			s += n;
		}
	}
	*p = '\0';
	return out;
}

bool
locale_utf8(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v == NULL || *v == '\0')
			continue;
		for (; *v != '\0'; v++)
			if (strncasecmp(v, "UTF-8", 5) == 0 ||
			    strncasecmp(v, "utf8", 4) == 0)
				return true;
		return false;
	}
	return true;
}
