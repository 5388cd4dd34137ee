/* strbuf.h - one growable string type, used instead of fixed buffers. */
#ifndef OPTPY_STRBUF_H
#define OPTPY_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf; /* always NUL-terminated once anything was added */
	size_t len, cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void sb_grow(struct strbuf *sb, size_t extra);
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_reset(struct strbuf *sb);
void sb_release(struct strbuf *sb);
/* The contents, or "" for an empty buffer. */
const char *sb_str(const struct strbuf *sb);
/* Hand the buffer over to the caller (malloc'd) and reset sb. */
char *sb_detach(struct strbuf *sb);
void sb_trim(struct strbuf *sb);
/* s appended with each placeholder replaced: pairs is NAME, VALUE, ...,
 * NULL ("{python}", "/b/obj/python", NULL); a NULL value is "". */
void sb_subst(struct strbuf *sb, const char *s, const char *const *pairs);
/* t appended with <, >, &, " and ' as HTML/XML entities (NULL adds nothing). */
void sb_add_escaped(struct strbuf *sb, const char *t);
/* The last n lines of text, appended to out. */
void sb_tail_lines(struct strbuf *out, const char *text, int n);

#endif
