/* json.h - a JSON writer for reports and a small reader for `optpy report`. */
#ifndef OPTPY_JSON_H
#define OPTPY_JSON_H

#include "strbuf.h"

/* Writer: keeps track of commas and indentation. */
struct jw {
	struct strbuf sb;
	int depth;
	int first[32];
};

void jw_obj(struct jw *w, const char *key);   /* key NULL inside arrays/top */
void jw_arr(struct jw *w, const char *key);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *val); /* NULL -> null */
void jw_int(struct jw *w, const char *key, long long val);
void jw_num(struct jw *w, const char *key, double val);
void jw_bool(struct jw *w, const char *key, int val);
void jw_null(struct jw *w, const char *key);
void json_quote(struct strbuf *sb, const char *s);
/* Insert a JSON value that is already text (a stamp file, say). */
void jw_raw(struct jw *w, const char *key, const char *json);

/* Reader: a parsed tree. */
enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };
struct jv {
	enum jtype type;
	double num;
	char *str;            /* J_STR */
	char *key;            /* member name when inside an object */
	struct jv *kids;      /* J_ARR, J_OBJ: array of n */
	int n;
};

/* NULL on a syntax error (with *err set to a message). */
struct jv *json_parse(const char *text, const char **err);
void json_free(struct jv *v);
const struct jv *json_get(const struct jv *obj, const char *key);
/* Dotted path: "phases.train.seconds" */
const struct jv *json_path(const struct jv *root, const char *path);
const char *json_str(const struct jv *v, const char *dflt);
double json_num(const struct jv *v, double dflt);

#endif
