/* msg.h - the library's one voice.  Every line meant for a person goes to
 * the handler its client registered (pkgconf's model): the library never
 * writes to a terminal itself, and a client that registers none hears
 * nothing.  The CLI's handler (src/cli/cli.c) prints to stderr. */
#ifndef OPTPY_MSG_H
#define OPTPY_MSG_H

#include <stdarg.h>

enum msg_kind {
	MSG_ERROR,                 /* what failed and the fix; always sent */
	MSG_WARNING,               /* less than was asked, or a doubt; always sent */
	MSG_RESULT,                /* how the run ended (a log's tail, how to resume); always sent */
	MSG_NOTE,                  /* progress and decisions; not when quiet */
	MSG_DETAIL,                /* every command and its output; verbose only */
	MSG_STATUS,                /* the live status line, replaced by the next message; not when quiet */
	MSG_BEGIN,                 /* a section (a phase) begins: the text is its name; always sent */
	MSG_END,                   /* that section ended; always sent */
};

struct msg_sink {
	void (*fn)(void *arg, enum msg_kind kind, const char *text); /* the handler, or NULL: silent */
	void *arg;                 /* the handler's first argument */
	int verbosity;             /* 0 quiet, 1 normal, 2 verbose: which kinds are sent */
};

/* Send one message (no trailing newline) when the sink's verbosity wants
 * its kind. */
void msg_send(const struct msg_sink *s, enum msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void msg_vsend(const struct msg_sink *s, enum msg_kind kind, const char *fmt, va_list ap);
/* Would a message of this kind be sent? */
int msg_wanted(const struct msg_sink *s, enum msg_kind kind);

#endif
