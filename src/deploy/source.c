#include "config.h"

#include <stdio.h>
#include <string.h>

#include "deploy/folder.h"
#include "deploy/source.h"
#include "deploy/source_certbot.h"
#include "deploy/source_k8s.h"

extern const struct source_desc source_postfix, source_dovecot,
    source_haproxy, source_apache, source_nginx;

/* One line per source; sniffed in this order (the most specific first). */
static const struct source_desc *const sources[] = {
	&source_certbot,
	&source_k8s,
	&source_postfix,
	&source_dovecot,
	&source_haproxy,
	&source_apache,
	&source_nginx,
	&source_folder,		/* never sniffed: --from folder */
	NULL
};

const struct source_desc *
source_find(const char *name)
{
	for (size_t i = 0; sources[i] != NULL; i++)
		if (strcmp(sources[i]->name, name) == 0)
			return sources[i];
	return NULL;
}

const struct source_desc *
source_sniff(const char *path)
{
	unsigned char head[4096];
	size_t len = 0;
	FILE *f = fopen(path, "rb");

	if (f != NULL) {
		len = fread(head, 1, sizeof(head), f);
		fclose(f);
	}
	for (size_t i = 0; sources[i] != NULL; i++)
		if (sources[i]->sniff != NULL &&
		    sources[i]->sniff(path, f != NULL ? head : NULL, len))
			return sources[i];
	return NULL;
}
