/* libFuzzer harness for the configuration sources: any bytes as an
 * nginx, Apache, HAProxy, Postfix and Dovecot configuration (written to
 * a temporary file, as the sources read files). Includes resolve inside
 * the temporary directory. Built only by `make fuzz`. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploy/deployment.h"
#include "deploy/source.h"
#include "finding.h"

static char dir[] = "/tmp/fuzz_conf.XXXXXX";
static char path[sizeof(dir) + 16];

int LLVMFuzzerInitialize(int *, char ***);

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/conf", dir);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "nginx", "apache", "haproxy",
	    "postfix", "dovecot" };
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct source_desc *src = source_find(names[i]);
		struct deployments ds;
		struct findings fs;

		deployments_init(&ds);
		findings_init(&fs);
		src->read(path, &ds, &fs);
		deployments_free(&ds);
		findings_free(&fs);
	}
	source_sniff(path);
	return 0;
}
