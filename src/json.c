/* json.c - a JSON writer for reports and a small reader for `optpy report`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

void json_quote(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		switch (*c) {
		case '"': sb_adds(sb, "\\\""); break;
		case '\\': sb_adds(sb, "\\\\"); break;
		case '\n': sb_adds(sb, "\\n"); break;
		case '\t': sb_adds(sb, "\\t"); break;
		case '\r': sb_adds(sb, "\\r"); break;
		default:
			if (*c < 0x20)
				sb_addf(sb, "\\u%04x", *c);
			else
				sb_addc(sb, (char)*c);
		}
	}
	sb_addc(sb, '"');
}

static void jw_key(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first[w->depth])
			sb_addc(&w->sb, ',');
		w->first[w->depth] = 0;
		sb_addc(&w->sb, '\n');
		for (int i = 0; i < w->depth; i++)
			sb_adds(&w->sb, "  ");
	}
	if (key) {
		json_quote(&w->sb, key);
		sb_adds(&w->sb, ": ");
	}
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_key(w, key);
	sb_addc(&w->sb, c);
	if (w->depth < 31)
		w->depth++;
	w->first[w->depth] = 1;
}

static void jw_close(struct jw *w, char c)
{
	int empty = w->first[w->depth];

	w->depth--;
	if (!empty) {
		sb_addc(&w->sb, '\n');
		for (int i = 0; i < w->depth; i++)
			sb_adds(&w->sb, "  ");
	}
	sb_addc(&w->sb, c);
	if (w->depth == 0)
		sb_addc(&w->sb, '\n');
}

void jw_obj(struct jw *w, const char *key) { jw_open(w, key, '{'); }
void jw_arr(struct jw *w, const char *key) { jw_open(w, key, '['); }
void jw_end_obj(struct jw *w) { jw_close(w, '}'); }
void jw_end_arr(struct jw *w) { jw_close(w, ']'); }

void jw_str(struct jw *w, const char *key, const char *val)
{
	jw_key(w, key);
	if (val)
		json_quote(&w->sb, val);
	else
		sb_adds(&w->sb, "null");
}

void jw_int(struct jw *w, const char *key, long long val)
{
	jw_key(w, key);
	sb_addf(&w->sb, "%lld", val);
}

void jw_num(struct jw *w, const char *key, double val)
{
	jw_key(w, key);
	if (val != val)
		sb_adds(&w->sb, "null");
	else
		sb_addf(&w->sb, "%.4f", val);
}

void jw_bool(struct jw *w, const char *key, int val)
{
	jw_key(w, key);
	sb_adds(&w->sb, val ? "true" : "false");
}

void jw_raw(struct jw *w, const char *key, const char *json)
{
	size_t n = strlen(json);

	jw_key(w, key);
	while (n && (json[n - 1] == '\n' || json[n - 1] == ' '))
		n--;
	sb_add(&w->sb, json, n);
}

void jw_null(struct jw *w, const char *key)
{
	jw_key(w, key);
	sb_adds(&w->sb, "null");
}

/* ---- reader ---- */

struct jp {
	const char *p;
	const char *err;
};

static void skip_ws(struct jp *p)
{
	while (*p->p == ' ' || *p->p == '\n' || *p->p == '\t' || *p->p == '\r')
		p->p++;
}

static int parse_value(struct jp *p, struct jv *v, int depth);

static char *parse_string(struct jp *p)
{
	struct strbuf sb = STRBUF_INIT;

	p->p++; /* opening quote */
	while (*p->p && *p->p != '"') {
		if (*p->p == '\\') {
			p->p++;
			switch (*p->p) {
			case 'n': sb_addc(&sb, '\n'); break;
			case 't': sb_addc(&sb, '\t'); break;
			case 'r': sb_addc(&sb, '\r'); break;
			case 'b': sb_addc(&sb, '\b'); break;
			case 'f': sb_addc(&sb, '\f'); break;
			case 'u': {
				unsigned cp = 0;

				for (int i = 1; i <= 4; i++) {
					char c = p->p[i];

					cp <<= 4;
					if (c >= '0' && c <= '9') cp |= (unsigned)(c - '0');
					else if (c >= 'a' && c <= 'f') cp |= (unsigned)(c - 'a' + 10);
					else if (c >= 'A' && c <= 'F') cp |= (unsigned)(c - 'A' + 10);
					else { p->err = "bad \\u escape"; sb_release(&sb); return NULL; }
				}
				p->p += 4;
				if (cp < 0x80) sb_addc(&sb, (char)cp);
				else if (cp < 0x800) {
					sb_addc(&sb, (char)(0xc0 | (cp >> 6)));
					sb_addc(&sb, (char)(0x80 | (cp & 0x3f)));
				} else {
					sb_addc(&sb, (char)(0xe0 | (cp >> 12)));
					sb_addc(&sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
					sb_addc(&sb, (char)(0x80 | (cp & 0x3f)));
				}
				break;
			}
			case '\0': p->err = "unterminated string"; sb_release(&sb); return NULL;
			default: sb_addc(&sb, *p->p);
			}
			p->p++;
		} else {
			sb_addc(&sb, *p->p++);
		}
	}
	if (*p->p != '"') {
		p->err = "unterminated string";
		sb_release(&sb);
		return NULL;
	}
	p->p++;
	return sb_detach(&sb);
}

static int parse_container(struct jp *p, struct jv *v, int depth, char close)
{
	int cap = 0;

	v->type = close == '}' ? J_OBJ : J_ARR;
	p->p++;
	skip_ws(p);
	if (*p->p == close) {
		p->p++;
		return 0;
	}
	for (;;) {
		struct jv *k;
		char *key = NULL;

		skip_ws(p);
		if (close == '}') {
			if (*p->p != '"') { p->err = "expected a member name"; return -1; }
			if (!(key = parse_string(p)))
				return -1;
			skip_ws(p);
			if (*p->p != ':') { free(key); p->err = "expected ':'"; return -1; }
			p->p++;
		}
		if (v->n == cap) {
			cap = cap ? cap * 2 : 8;
			v->kids = xrealloc(v->kids, (size_t)cap * sizeof(*v->kids));
		}
		k = &v->kids[v->n++];
		memset(k, 0, sizeof(*k));
		k->key = key;
		if (parse_value(p, k, depth + 1) < 0)
			return -1;
		skip_ws(p);
		if (*p->p == ',') {
			p->p++;
			continue;
		}
		if (*p->p == close) {
			p->p++;
			return 0;
		}
		p->err = "expected ',' or a closing bracket";
		return -1;
	}
}

static int parse_value(struct jp *p, struct jv *v, int depth)
{
	if (depth > 64) {
		p->err = "nested too deeply";
		return -1;
	}
	skip_ws(p);
	switch (*p->p) {
	case '{': return parse_container(p, v, depth, '}');
	case '[': return parse_container(p, v, depth, ']');
	case '"':
		v->type = J_STR;
		v->str = parse_string(p);
		return v->str ? 0 : -1;
	case 't':
		if (!startswith(p->p, "true")) break;
		v->type = J_BOOL; v->num = 1; p->p += 4; return 0;
	case 'f':
		if (!startswith(p->p, "false")) break;
		v->type = J_BOOL; v->num = 0; p->p += 5; return 0;
	case 'n':
		if (!startswith(p->p, "null")) break;
		v->type = J_NULL; p->p += 4; return 0;
	default: {
		char *end;

		v->num = strtod(p->p, &end);
		if (end == p->p) break;
		v->type = J_NUM;
		p->p = end;
		return 0;
	}
	}
	p->err = "unexpected character";
	return -1;
}

struct jv *json_parse(const char *text, const char **err)
{
	struct jp p = { text, NULL };
	struct jv *v = xcalloc(1, sizeof(*v));

	if (parse_value(&p, v, 0) == 0) {
		skip_ws(&p);
		if (!*p.p)
			return v;
		p.err = "trailing characters";
	}
	if (err)
		*err = p.err;
	json_free(v);
	return NULL;
}

static void free_inner(struct jv *v)
{
	for (int i = 0; i < v->n; i++)
		free_inner(&v->kids[i]);
	free(v->kids);
	free(v->str);
	free(v->key);
}

void json_free(struct jv *v)
{
	if (!v)
		return;
	free_inner(v);
	free(v);
}

const struct jv *json_get(const struct jv *obj, const char *key)
{
	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (int i = 0; i < obj->n; i++)
		if (obj->kids[i].key && !strcmp(obj->kids[i].key, key))
			return &obj->kids[i];
	return NULL;
}

const struct jv *json_path(const struct jv *root, const char *path)
{
	char *copy = xstrdup(path), *save = NULL;
	const struct jv *v = root;

	for (char *k = strtok_r(copy, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_get(v, k);
	free(copy);
	return v;
}

const char *json_str(const struct jv *v, const char *dflt)
{
	return v && v->type == J_STR ? v->str : dflt;
}

double json_num(const struct jv *v, double dflt)
{
	return v && (v->type == J_NUM || v->type == J_BOOL) ? v->num : dflt;
}
