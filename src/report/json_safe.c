#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "json_safe.h"
#include "report.h"
#include "sanitize.h"

static bool failed;

bool
report_failed(void)
{
	return failed;
}

int
report_json_add(json_object *obj, const char *key, json_object *val)
{
	/* The parentheses call json-c's function, not the macro. */
	/* A NULL value is JSON null, which renderers use on purpose. */
	if (obj == NULL || (json_object_object_add)(obj, key, val) != 0) {
		failed = true;
		json_object_put(val);
		return -1;
	}
	return 0;
}

int
report_json_push(json_object *arr, json_object *val)
{
	if (arr == NULL || (json_object_array_add)(arr, val) != 0) {
		failed = true;
		json_object_put(val);
		return -1;
	}
	return 0;
}

void
report_json_print(FILE *fp, json_object *root)
{
	const char *s = NULL;
	char *clean;

	if (!failed && root != NULL)
		s = json_object_to_json_string_ext(root,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s == NULL) {
		failed = true;
		fprintf(stderr, "certdiag: out of memory while writing the "
		    "JSON report\n");
		return;
	}
	/* Valid UTF-8 whatever the certificates held. */
	if ((clean = clean_json_doc(s)) == NULL) {
		failed = true;
		fprintf(stderr, "certdiag: out of memory while writing the "
		    "JSON report\n");
		return;
	}
	fprintf(fp, "%s\n", clean);
	free(clean);
}
