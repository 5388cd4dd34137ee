/* args.c - the command-line parser over option tables (args.h). */
#include <string.h>

#include "args.h"
#include "util.h"

/* Row i of a table whose rows are stride bytes apart. */
static const struct arg_def *def_at(const void *rows, size_t stride, size_t i)
{
	return (const struct arg_def *)((const char *)rows + i * stride);
}

static const struct arg_def *row_at(const struct args *a, size_t i)
{
	return def_at(a->rows, a->stride, i);
}

void args_init(struct args *a, const void *rows, size_t n, size_t stride, const char *cmd, int argc,
	       char *const *argv)
{
	memset(a, 0, sizeof(*a));
	a->rows = rows;
	a->n = n;
	a->stride = stride;
	a->cmd = cmd;
	a->argc = argc;
	a->argv = argv;
	a->i = 1;
}

static long find_long(const struct args *a, const char *name, size_t len)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct arg_def *d = row_at(a, i);

		if (d->name && strlen(d->name) == len && !strncmp(d->name, name, len))
			return (long)i;
	}
	return -1;
}

static long find_short(const struct args *a, int c)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct arg_def *d = row_at(a, i);

		if (d->name && d->shortopt && d->shortopt == c)
			return (long)i;
	}
	return -1;
}

/* A value that is itself an option means the value is missing. */
static int value_is_option(const struct args *a, const struct arg_def *d, const char *v, struct err *e)
{
	long other = -1;

	if (v[0] != '-' || !v[1])
		return 0;
	if (v[1] == '-')
		other = find_long(a, v + 2, strcspn(v + 2, "="));
	else if ((other = find_short(a, v[1])) >= 0 && !row_at(a, (size_t)other)->metavar && v[2])
		other = -1;   /* "-qx" is not "-q" */
	if (other < 0)
		return 0;
	return err_set(e, EXIT_USAGE, "--%s needs a value, but the next word is the option '%s'\n"
		       "  fix: give --%s its value", d->name, v, d->name);
}

int args_next(struct args *a, size_t *row, const char **val, struct err *e)
{
	const char *w;
	const struct arg_def *d;
	long r = -1;

	*val = NULL;
	if (a->i >= a->argc)
		return ARG_END;
	w = a->argv[a->i++];
	if (!a->rest && !strcmp(w, "--")) {
		a->rest = 1;
		return args_next(a, row, val, e);
	}
	if (a->rest || w[0] != '-' || !w[1]) {
		*val = w;
		return ARG_OPERAND;
	}
	if (w[1] == '-') {
		const char *eq = strchr(w, '=');

		r = find_long(a, w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2));
		if (r >= 0 && eq) {
			if (!row_at(a, (size_t)r)->metavar)
				return err_set(e, EXIT_USAGE, "--%s takes no value ('%s')", row_at(a, (size_t)r)->name, w);
			*val = eq + 1;
		}
	} else {
		r = find_short(a, w[1]);
		if (r >= 0 && w[2] && row_at(a, (size_t)r)->metavar)
			*val = w + 2;
		else if (r >= 0 && w[2])
			return err_set(e, EXIT_USAGE, "unknown option '%s'\n  fix: one letter per option, e.g. -q -v", w);
	}
	if (r < 0) {
		e->show_usage = 1;
		return err_set(e, EXIT_USAGE, "unknown option '%s'\n  fix: optpy %s --help lists the options", w,
			       a->cmd);
	}
	d = row_at(a, (size_t)r);
	if (d->metavar && !*val) {
		if (a->i >= a->argc)
			return err_set(e, EXIT_USAGE, "--%s needs a value (%s)", d->name, d->metavar);
		*val = a->argv[a->i++];
	}
	if (*val && value_is_option(a, d, *val, e))
		return e->status;
	*row = (size_t)r;
	return ARG_OPTION;
}

void args_usage_line(struct strbuf *sb, const char *left, const char *help)
{
	size_t n = strlen(left);

	sb_adds(sb, left);
	if (n >= 21)
		sb_addf(sb, "\n%22s", "");
	else
		sb_addf(sb, "%*s", (int)(22 - n), "");
	for (const char *nl; (nl = strchr(help, '\n')); help = nl + 1)
		sb_addf(sb, "%.*s\n%22s", (int)(nl - help), help, "");
	sb_addf(sb, "%s\n", help);
}

void args_usage(struct strbuf *sb, const void *rows, size_t n, size_t stride)
{
	for (size_t i = 0; i < n; i++) {
		const struct arg_def *d = def_at(rows, stride, i);
		struct strbuf left = STRBUF_INIT;

		if (!d->name || !d->help)
			continue;
		if (d->shortopt)
			sb_addf(&left, "  -%c, --%s", d->shortopt, d->name);
		else
			sb_addf(&left, "  --%s", d->name);
		if (d->metavar)
			sb_addf(&left, " %s", d->metavar);
		args_usage_line(sb, sb_str(&left), d->help);
		sb_release(&left);
	}
}
