/* Renders `certdiag explain` results: text for people, JSON for tools. */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "explain/explain.h"
#include "report/json_safe.h"
#include "report/sanitize.h"

#define WRAP_WIDTH	78

/* Prints " text" word-wrapped at WRAP_WIDTH, starting at column col;
 * continuation lines are indented by `indent` columns. A word longer
 * than a line is printed whole. */
static void
wrap(FILE *fp, size_t col, size_t indent, const char *text)
{
	const char *p = text;

	for (;;) {
		size_t n;
		while (*p == ' ')
			p++;
		if ((n = strcspn(p, " ")) == 0)
			break;
		if (col + 1 + n > WRAP_WIDTH && col > indent) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		} else {
			fputc(' ', fp);
			col++;
		}
		fwrite(p, 1, n, fp);
		col += n;
		p += n;
	}
	fputc('\n', fp);
}

/* The causes in the order to show: a qualifier's cause found in the
 * paste first, then the entry's own, without repeating it. Returns the
 * count written to out. */
static size_t
ordered_causes(const struct explanation *x,
    const char *out[KB_MAX_CAUSES + 1])
{
	const struct kb_entry *e = x->entry;
	size_t n = 0;

	if (x->qualifier != NULL)
		out[n++] = x->qualifier->cause;
	for (size_t c = 0; c < KB_MAX_CAUSES && e->causes[c] != NULL; c++)
		if (n == 0 || e->causes[c] != out[0])
			out[n++] = e->causes[c];
	return n;
}

static void
labelled(FILE *fp, const char *label, size_t indent, const char *text)
{
	int n = fprintf(fp, "%*s%s", (int)indent, "", label);

	wrap(fp, n > 0 ? (size_t)n : 0, indent + 4, text);
}

void
report_explain_text(FILE *fp, const struct explanations *xs)
{
	for (size_t i = 0; i < xs->n; i++) {
		const struct explanation *x = &xs->v[i];
		const struct kb_entry *e = x->entry;
		const char *causes[KB_MAX_CAUSES + 1];
		size_t nc;
		int n;

		if (i > 0)
			fputc('\n', fp);
		n = fprintf(fp, "%s:", e->id);
		wrap(fp, n > 0 ? (size_t)n : 0, 2, x->title);
		fprintf(fp, "  Seen: \"%s\"\n", x->matched);
		if (x->qualifier != NULL)
			labelled(fp, "Clue:", 2, x->qualifier->clue);
		fprintf(fp, "  Likely causes, most likely first:\n");
		nc = ordered_causes(x, causes);
		for (size_t c = 0; c < nc; c++) {
			n = fprintf(fp, "    %zu.", c + 1);
			wrap(fp, n > 0 ? (size_t)n : 0, 7, causes[c]);
		}
		labelled(fp, "Confirm:", 2, x->confirm);
		labelled(fp, "Fix:", 2, e->fix);
	}
	if (xs->nunrecognized > 0) {
		if (xs->n > 0)
			fputc('\n', fp);
		fprintf(fp, "Not recognized:\n");
		for (size_t i = 0; i < xs->nunrecognized; i++)
			fprintf(fp, "  \"%s\"\n", xs->unrecognized[i]);
	}
}

/* json_object_object_add takes ownership even on failure; a NULL value
 * (failed allocation) is caught here. */
static bool
add(json_object *o, const char *key, json_object *v)
{
	if (v == NULL)
		return false;
	return json_object_object_add(o, key, v) == 0;
}

static json_object *
explanation_json(const struct explanation *x)
{
	const struct kb_entry *e = x->entry;
	json_object *o = json_object_new_object(), *causes;
	const char *order[KB_MAX_CAUSES + 1];
	size_t nc = ordered_causes(x, order);

	if (o == NULL)
		return NULL;
	if (!add(o, "id", json_object_new_string(e->id)) ||
	    !add(o, "matched", json_object_new_string(x->matched)) ||
	    !add(o, "title", json_object_new_string(x->title)))
		goto fail;
	if (e->verify_code != 0 &&
	    !add(o, "verify_code", json_object_new_int(x->verify_code != 0 ?
	    x->verify_code : e->verify_code)))
		goto fail;
	if ((causes = json_object_new_array()) == NULL ||
	    !add(o, "causes", causes))
		goto fail;
	if (x->qualifier != NULL &&
	    !add(o, "clue", json_object_new_string(x->qualifier->clue)))
		goto fail;
	for (size_t c = 0; c < nc; c++) {
		json_object *s = json_object_new_string(order[c]);
		if (s == NULL || json_object_array_add(causes, s) != 0) {
			json_object_put(s);
			goto fail;
		}
	}
	if (!add(o, "confirm", json_object_new_string(x->confirm)) ||
	    !add(o, "fix", json_object_new_string(e->fix)))
		goto fail;
	return o;
fail:
	json_object_put(o);
	return NULL;
}

bool
report_explain_json(FILE *fp, const struct explanations *xs)
{
	json_object *root = json_object_new_object(), *arr, *unrec;
	bool ok = false;

	if (root == NULL || !add(root, "schema", json_object_new_int(1)) ||
	    (arr = json_object_new_array()) == NULL ||
	    !add(root, "explanations", arr) ||
	    (unrec = json_object_new_array()) == NULL ||
	    !add(root, "unrecognized", unrec))
		goto out;
	for (size_t i = 0; i < xs->n; i++) {
		json_object *o = explanation_json(&xs->v[i]);
		if (o == NULL || json_object_array_add(arr, o) != 0) {
			json_object_put(o);
			goto out;
		}
	}
	for (size_t i = 0; i < xs->nunrecognized; i++) {
		json_object *s = json_object_new_string(xs->unrecognized[i]);
		if (s == NULL || json_object_array_add(unrec, s) != 0) {
			json_object_put(s);
			goto out;
		}
	}
	report_json_print(fp, root);
	ok = true;
out:
	json_object_put(root);
	return ok;
}
