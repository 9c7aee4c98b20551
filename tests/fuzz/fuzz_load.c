/* libFuzzer harness for the loader: every byte string goes through
 * content sniffing and whichever container parser it looks like (PEM,
 * DER, PKCS#7, PKCS#12, gzip), then through the renderers, which read
 * every field of whatever was loaded. Built only by `make fuzz`. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include <openssl/err.h>

#include "finding.h"
#include "inventory.h"
#include "load/load.h"
#include "options.h"
#include "load/pass.h"
#include "report/report.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv;
	struct findings fs;
	struct pass pass;
	struct load_ctx lc;
	struct source *src;
	struct options opt = { .cmd = CMD_SHOW };
	struct report_ctx rc = { .opt = &opt, .now = 1790000000 };

	inventory_init(&inv);
	findings_init(&fs);
	/* The password of the seed fixtures and of most third-party test
	 * vectors, so the fuzzer reaches what lies behind decryption. */
	pass_init(&pass, "pass:password");
	/* A low KDF cap: the cost check is what is fuzzed, not PBKDF2. */
	lc = (struct load_ctx){ .pass = &pass, .max_kdf_work = 4096 };

	src = inventory_add_source(&inv, "fuzz-input", ROLE_AUTO);
	if (src != NULL)
		load_buffer(&inv, &fs, &lc, src, data, size);
	pass_free(&pass);
	inventory_sort(&inv);

	if (devnull != NULL) {
		report_show(devnull, &inv, &fs, &rc);
		opt.cmd = CMD_CHECK;
		report_json(devnull, &inv, &fs, &rc);
		report_text(devnull, &inv, &fs, &rc);
		report_nagios(devnull, &inv, &fs, &rc);
		fflush(devnull);
	}

	findings_free(&fs);
	inventory_free(&inv);
	ERR_clear_error();
	return 0;
}
