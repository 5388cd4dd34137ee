/* msg.c - the library's one voice (see msg.h). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "msg.h"

int msg_wanted(const struct msg_sink *s, enum msg_kind kind)
{
	if (!s || !s->fn)
		return 0;
	switch (kind) {
	case MSG_ERROR:
	case MSG_WARNING:
	case MSG_RESULT:
	case MSG_BEGIN:
	case MSG_END:
		return 1;
	case MSG_NOTE:
	case MSG_STATUS:
		return s->verbosity >= 1;
	case MSG_DETAIL:
		return s->verbosity >= 2;
	}
	return 0;
}

void msg_vsend(const struct msg_sink *s, enum msg_kind kind, const char *fmt, va_list ap)
{
	char *text;

	if (!msg_wanted(s, kind) || vasprintf(&text, fmt, ap) < 0)
		return;
	s->fn(s->arg, kind, text);
	free(text);
}

void msg_send(const struct msg_sink *s, enum msg_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vsend(s, kind, fmt, ap);
	va_end(ap);
}
