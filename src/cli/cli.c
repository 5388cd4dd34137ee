/* cli.c - what the subcommands share. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "util.h"

void cli_check_arg(const struct option *opts, const char *shorts, int c, const char *arg)
{
	const char *name = "?";

	if (!arg || arg[0] != '-' || !arg[1])
		return;
	for (const struct option *o = opts; o->name; o++)
		if (o->val == c)
			name = o->name;
	for (const struct option *o = opts; o->name; o++) {
		size_t n = strlen(o->name);

		if (!strncmp(arg, "--", 2) && !strncmp(arg + 2, o->name, n) && (arg[2 + n] == '\0' || arg[2 + n] == '='))
			die(EXIT_USAGE, "--%s needs a value, but the next word is the option '%s'\n"
			    "  fix: give --%s its value", name, arg, name);
	}
	if (strchr(shorts, arg[1]) && !arg[2])
		die(EXIT_USAGE, "--%s needs a value, but the next word is the option '%s'\n"
		    "  fix: give --%s its value", name, arg, name);
}

/* A copy of s made safe to print (see cli_scrub), or NULL when s is. */
static char *scrubbed(const char *s)
{
	char *c = NULL;

	for (size_t i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		int c1 = ch == 0xc2 && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f;

		if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f || c1) {
			if (!c)
				c = xstrdup(s);
			c[i] = '?';
			if (c1)
				c[++i] = '?';
		}
	}
	return c;
}

void cli_scrub(struct json_t *v)
{
	const char *key;
	json_t *val;
	void *tmp;
	size_t i;
	char *c;

	if (json_is_string(v) && (c = scrubbed(json_string_value(v)))) {
		json_string_set(v, c);
		free(c);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, val)
			cli_scrub(val);
	} else if (json_is_object(v)) {
		json_object_foreach_safe(v, tmp, key, val) {
			cli_scrub(val);
			if ((c = scrubbed(key))) {
				json_object_set(v, c, val);
				json_object_del(v, key);
				free(c);
			}
		}
	}
}

void cli_need_regular(const char *path, const char *what)
{
	struct stat st;

	if (stat(path, &st) < 0)
		die(EXIT_USAGE, "no %s at %s: %s", what, path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die(EXIT_USAGE, "%s is not a regular file (a %s): not read\n  fix: give the %s file itself",
		    path, S_ISDIR(st.st_mode) ? "directory" : S_ISFIFO(st.st_mode) ? "FIFO" : "special file", what);
}

/* 1 while a status line stands on the terminal, unfinished */
static int status_shown;

void cli_msg(void *arg, enum msg_kind kind, const char *text)
{
	(void)arg;
	if (status_shown) {
		fputs("\r\033[K", stderr);
		status_shown = 0;
	}
	switch (kind) {
	case MSG_ERROR:
		fprintf(stderr, "optpy: error: %s\n", text);
		break;
	case MSG_WARNING:
		fprintf(stderr, "optpy: warning: %s\n", text);
		break;
	case MSG_STATUS:
		/* on a terminal one line, rewritten; in a log a line of its own */
		if (isatty(2)) {
			fputs(text, stderr);
			status_shown = 1;
		} else {
			fprintf(stderr, "%s\n", text);
		}
		break;
	case MSG_RESULT:
	case MSG_NOTE:
	case MSG_DETAIL:
		fprintf(stderr, "%s\n", text);
		break;
	}
	fflush(stderr);
}
