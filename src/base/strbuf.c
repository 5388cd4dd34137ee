/* strbuf.c - one growable string type, used instead of fixed buffers. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "util.h"

void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	sb->cap = sb->cap ? sb->cap : 64;
	while (sb->len + extra + 1 > sb->cap)
		sb->cap *= 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
}

void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *sb_detach(struct strbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");

	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void sb_trim(struct strbuf *sb)
{
	while (sb->len && strchr(" \t\r\n", sb->buf[sb->len - 1]))
		sb->buf[--sb->len] = '\0';
}

void sb_tail_lines(struct strbuf *out, const char *text, int n)
{
	const char *end = text + strlen(text), *p = end;

	while (p > text && (p[-1] == '\n'))
		p--;
	end = p;
	while (p > text && n > 0) {
		p--;
		if (*p == '\n')
			n--;
	}
	if (*p == '\n')
		p++;
	sb_add(out, p, (size_t)(end - p));
}

void sb_subst(struct strbuf *sb, const char *s, const char *const *pairs)
{
	while (*s) {
		const char *const *p;

		for (p = pairs; *p; p += 2)
			if (!strncmp(s, p[0], strlen(p[0])))
				break;
		if (*p) {
			sb_adds(sb, p[1] ? p[1] : "");
			s += strlen(p[0]);
		} else {
			sb_addc(sb, *s++);
		}
	}
}

void sb_add_escaped(struct strbuf *sb, const char *t)
{
	for (; t && *t; t++)
		switch (*t) {
		case '<': sb_adds(sb, "&lt;"); break;
		case '>': sb_adds(sb, "&gt;"); break;
		case '&': sb_adds(sb, "&amp;"); break;
		case '"': sb_adds(sb, "&quot;"); break;
		case '\'': sb_adds(sb, "&#39;"); break;
		default: sb_addc(sb, *t);
		}
}
