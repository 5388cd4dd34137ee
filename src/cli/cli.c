/* cli.c - what the subcommands share. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "report_page.h"
#include "util.h"

void cli_usage(FILE *f, const struct cli_cmd *c)
{
	struct strbuf sb = STRBUF_INIT;

	args_usage(&sb, c->opts, c->nopts, sizeof(c->opts[0]));
	fprintf(f, "%s%s%s", c->head, sb_str(&sb), c->tail ? c->tail : "");
	sb_release(&sb);
}

void cli_args_init(struct args *a, const struct cli_cmd *c, int argc, char **argv)
{
	args_init(a, c->opts, c->nopts, sizeof(c->opts[0]), c->name, argc, argv);
}

void cli_usage_error(const struct cli_cmd *c, int show_usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (show_usage)
		cli_usage(stderr, c);
	exit(EXIT_USAGE);
}

int cli_next(struct args *a, const struct cli_cmd *c, size_t *row, const char **val)
{
	struct err e = { 0 };
	int rc = args_next(a, row, val, &e);

	/* the parser's only failure is a usage error (args.h) */
	if (rc > 0)
		cli_usage_error(c, e.show_usage, "%s", e.msg);
	return rc;
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
/* 1 while a GitHub Actions log group is open */
static int group_open;

/* GitHub Actions' workflow commands: in its logs, a phase is a group and
 * an error or warning an annotation. */
static int github(void)
{
	const char *g = getenv("GITHUB_ACTIONS");

	return g && !strcmp(g, "true");
}

/* A workflow command's message: '%', CR and LF escaped as GitHub wants. */
static void gh_command(const char *cmd, const char *text)
{
	fprintf(stderr, "::%s::", cmd);
	for (; *text; text++)
		if (*text == '%')
			fputs("%25", stderr);
		else if (*text == '\n')
			fputs("%0A", stderr);
		else if (*text == '\r')
			fputs("%0D", stderr);
		else
			fputc(*text, stderr);
	fputc('\n', stderr);
}

void cli_msg(void *arg, enum msg_kind kind, const char *text)
{
	int gh = github();

	(void)arg;
	if (status_shown) {
		fputs("\r\033[K", stderr);
		status_shown = 0;
	}
	/* an error shows outside the group it ended */
	if (gh && group_open && (kind == MSG_ERROR || kind == MSG_RESULT || kind == MSG_END)) {
		fputs("::endgroup::\n", stderr);
		group_open = 0;
	}
	switch (kind) {
	case MSG_ERROR:
		if (gh)
			gh_command("error title=optpy", text);
		fprintf(stderr, "optpy: error: %s\n", text);
		break;
	case MSG_WARNING:
		if (gh)
			gh_command("warning title=optpy", text);
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
	case MSG_BEGIN:
		if (gh) {
			fprintf(stderr, "::group::optpy %s\n", text);
			group_open = 1;
		}
		break;
	case MSG_END:
		break;
	case MSG_RESULT:
	case MSG_NOTE:
	case MSG_DETAIL:
		fprintf(stderr, "%s\n", text);
		break;
	}
	fflush(stderr);
}

void cli_step_summary(const char *build_dir)
{
	const char *to = getenv("GITHUB_STEP_SUMMARY");
	char *path, *text, *md;
	json_t *v;
	int fd;

	if (!github() || !to || !*to)
		return;
	path = path_join(build_dir, "report.json");
	text = read_file_flags(path, NULL, O_NOFOLLOW);
	v = text ? js_parse(text, NULL) : NULL;
	if (json_is_object(v)) {
		cli_scrub(v);
		md = report_markdown(v);
		fd = open_append(to);
		if (fd < 0 || write(fd, md, strlen(md)) < 0)
			warn("cannot write the job summary to GITHUB_STEP_SUMMARY (%s): %s", to, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(md);
	}
	json_decref(v);
	free(text);
	free(path);
}
