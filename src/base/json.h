/* json.h - JSON through jansson: a writer in the streaming style the
 * reports use, and small read helpers over jansson's json_t. */
#ifndef OPTPY_JSON_H
#define OPTPY_JSON_H

#include <jansson.h>

/* Writer: jw_obj/jw_arr open a container (key NULL inside arrays and at
 * the top), jw_end_* close it; values go into the innermost container. */
struct jw {
	json_t *root;          /* the top value, NULL until the first jw_* call */
	json_t **stack;        /* open containers, innermost last */
	int depth, cap;        /* open containers; room in stack */
};

void jw_obj(struct jw *w, const char *key);
void jw_arr(struct jw *w, const char *key);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *val); /* NULL -> null */
void jw_int(struct jw *w, const char *key, long long val);
void jw_num(struct jw *w, const char *key, double val);
void jw_bool(struct jw *w, const char *key, int val);
void jw_null(struct jw *w, const char *key);
/* An array of the strings of sv. */
struct strvec;
void jw_strvec(struct jw *w, const char *key, const struct strvec *sv);
/* Insert a JSON value given as text (a stamp file, say); text that is not
 * JSON goes in as a string, so nothing is lost. */
void jw_raw(struct jw *w, const char *key, const char *json);
/* Insert a copy of a parsed value. */
void jw_value(struct jw *w, const char *key, const json_t *v);
/* The written value as indented text ending in a newline (malloc'd). */
char *jw_text(const struct jw *w);
/* Write the value as text to path (atomically): 0, or -1 with errno. */
int jw_write(const struct jw *w, const char *path);
/* Free what was written; w can be used again. */
void jw_free(struct jw *w);

/* Reader.  NULL on a syntax error, with *err (malloc'd, optional) saying
 * where: "line L, column C: what". */
json_t *js_parse(const char *text, char **err);
/* Dotted path: "phases.train.seconds"; NULL when any step is missing. */
const json_t *js_path(const json_t *root, const char *path);
#define js_get(obj, key) ((const json_t *)json_object_get((obj), (key)))
/* The string, or dflt when v is not a string. */
const char *js_str(const json_t *v, const char *dflt);
/* The number (integer, real or boolean), or dflt. */
double js_num(const json_t *v, double dflt);

#endif
