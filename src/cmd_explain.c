/* certdiag explain: the words given (joined, as an unquoted paste splits
 * them) or standard input, matched against the knowledge table. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "explain/explain.h"
#include "report/report.h"
#include "strbuf.h"

int
cmd_explain(const struct options *opt)
{
	struct explanations xs;
	char *text = NULL;
	size_t len = 0;
	bool too_big = false, ok;

	if (opt->inputs.n > 0) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < opt->inputs.n; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? " " : "",
			    opt->inputs.v[i]);
		len = sb.len;
		if ((text = strbuf_detach(&sb)) == NULL)
			return EXIT_INCOMPLETE;
	} else {
		if (isatty(STDIN_FILENO) == 1)
			fprintf(stderr, "Paste the error text, then press "
			    "Ctrl-D.\n");
		if ((text = explain_read(stdin, EXPLAIN_MAX_INPUT, &len,
		    &too_big)) == NULL) {
			fprintf(stderr, "certdiag: explain: %s\n", too_big ?
			    "standard input is larger than 1 MiB; paste only "
			    "the error lines (e.g. grep -i -e ssl -e tls)" :
			    "cannot read standard input");
			return EXIT_INCOMPLETE;
		}
	}
	explanations_init(&xs);
	ok = explain_text(text, len, &xs);
	free(text);
	if (ok && opt->format == FMT_JSON)
		ok = report_explain_json(stdout, &xs);
	else if (ok)
		report_explain_text(stdout, &xs);
	if (ok && xs.n == 0)
		fprintf(stderr, "certdiag: explain: no known error message in "
		    "the text given\n");
	if (!ok)
		fprintf(stderr, "certdiag: explain: out of memory\n");
	ok = ok && explanations_complete(&xs);
	explanations_free(&xs);
	return ok ? EXIT_OK : EXIT_INCOMPLETE;
}

