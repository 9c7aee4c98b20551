/* json-c treats a NULL object as a programming error (an assertion, so
 * an abort); NULL is what its constructors return when memory runs out.
 * Every JSON renderer includes this after <json-c/json.h>: adding into
 * NULL (a container that could not be made) is recorded instead, and report_json_print() then reports
 * the output as failed rather than print half a document. */
#ifndef JSON_SAFE_H
#define JSON_SAFE_H

#include <stdio.h>
#include <json-c/json.h>

int report_json_add(json_object *obj, const char *key, json_object *val);
int report_json_push(json_object *arr, json_object *val);
/* Prints root pretty-printed, or says on stderr that memory ran out
 * (report_failed() is then true). Does not free root. */
void report_json_print(FILE *fp, json_object *root);

#define json_object_object_add(o, k, v)	report_json_add((o), (k), (v))
#define json_object_array_add(a, v)	report_json_push((a), (v))

#endif
