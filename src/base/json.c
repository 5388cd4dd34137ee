/* json.c - JSON through jansson (see json.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "util.h"

static void put(struct jw *w, const char *key, json_t *v)
{
	json_t *top;

	if (!v)
		BUG("jansson could not make a value (out of memory?)");
	if (!w->depth) {
		if (w->root)
			BUG("a second top-level JSON value");
		w->root = v;
		return;
	}
	top = w->stack[w->depth - 1];
	if (json_is_object(top)) {
		if (!key)
			BUG("a JSON object member without a name");
		json_object_set_new(top, key, v);
	} else {
		json_array_append_new(top, v);
	}
}

static void open_container(struct jw *w, const char *key, json_t *c)
{
	put(w, key, c);
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->stack = xrealloc(w->stack, (size_t)w->cap * sizeof(*w->stack));
	}
	w->stack[w->depth++] = c;
}

void jw_obj(struct jw *w, const char *key) { open_container(w, key, json_object()); }
void jw_arr(struct jw *w, const char *key) { open_container(w, key, json_array()); }

static void close_container(struct jw *w, int object)
{
	if (!w->depth || json_is_object(w->stack[w->depth - 1]) != object)
		BUG("JSON %s closed that is not open", object ? "object" : "array");
	w->depth--;
}

void jw_end_obj(struct jw *w) { close_container(w, 1); }
void jw_end_arr(struct jw *w) { close_container(w, 0); }

void jw_str(struct jw *w, const char *key, const char *val)
{
	put(w, key, val ? json_string(val) : json_null());
}

void jw_int(struct jw *w, const char *key, long long val) { put(w, key, json_integer(val)); }

void jw_num(struct jw *w, const char *key, double val)
{
	/* whole numbers stay integers in the text; NaN and infinities, which
	 * JSON has no words for, become null */
	if (val != val || val > 1e300 || val < -1e300)
		put(w, key, json_null());
	else if (val == (double)(long long)val && val < 9e15 && val > -9e15)
		put(w, key, json_integer((long long)val));
	else
		put(w, key, json_real(val));
}

void jw_bool(struct jw *w, const char *key, int val) { put(w, key, json_boolean(val)); }
void jw_null(struct jw *w, const char *key) { put(w, key, json_null()); }

void jw_raw(struct jw *w, const char *key, const char *text)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);

	put(w, key, v ? v : json_string(text));
}

void jw_value(struct jw *w, const char *key, const json_t *v)
{
	put(w, key, v ? json_deep_copy(v) : json_null());
}

char *jw_text(const struct jw *w)
{
	char *s = w->root ? json_dumps(w->root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				       JSON_REAL_PRECISION(10) | JSON_ENCODE_ANY) : NULL;
	char *out = xasprintf("%s\n", s ? s : "null");

	free(s);
	return out;
}

int jw_write(const struct jw *w, const char *path)
{
	char *text = jw_text(w);
	int rc = write_file(path, text, strlen(text));

	free(text);
	return rc;
}

void jw_strvec(struct jw *w, const char *key, const struct strvec *sv)
{
	jw_arr(w, key);
	for (size_t i = 0; i < sv->n; i++)
		jw_str(w, NULL, sv->v[i]);
	jw_end_arr(w);
}

void jw_free(struct jw *w)
{
	json_decref(w->root);
	free(w->stack);
	w->root = NULL;
	w->stack = NULL;
	w->depth = w->cap = 0;
}

json_t *js_parse(const char *text, char **err)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);

	if (!v && err)
		*err = xasprintf("line %d, column %d: %s", e.line, e.column, e.text);
	return v;
}

const json_t *js_path(const json_t *root, const char *path)
{
	char *p = xstrdup(path);
	const json_t *v = root;

	for (char *s = p, *save = NULL, *tok; v && (tok = strtok_r(s, ".", &save)); s = NULL)
		v = js_get(v, tok);
	free(p);
	return v;
}

const char *js_str(const json_t *v, const char *dflt)
{
	return json_is_string(v) ? json_string_value(v) : dflt;
}

double js_num(const json_t *v, double dflt)
{
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_boolean(v))
		return json_is_true(v);
	return dflt;
}
