/* libFuzzer harness for `certdiag explain`: any bytes, as pasted from a
 * log or piped in, through the reader, the matcher and both renderers.
 * Built only by `make fuzz`. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "explain/explain.h"

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
	struct explanations ex;
	FILE *in;
	char *text = NULL;
	size_t len = 0;
	bool too_big = false;

	/* Standard input's path: the capped reader first. */
	if (size > 0 && (in = fmemopen((void *)data, size, "r")) != NULL) {
		text = explain_read(in, EXPLAIN_MAX_INPUT, &len, &too_big);
		fclose(in);
	}
	explanations_init(&ex);
	if (explain_text(text != NULL ? text : (const char *)data,
	    text != NULL ? len : size, &ex)) {
		(void)explanations_complete(&ex);
		if (devnull != NULL) {
			report_explain_text(devnull, &ex);
			(void)report_explain_json(devnull, &ex);
			fflush(devnull);
		}
	}
	explanations_free(&ex);
	free(text);
	return 0;
}
