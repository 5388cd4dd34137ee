/* cmd_report.c - `optpy report BUILD`: report.json, for a person. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "farm.h"
#include "json.h"
#include "phase.h"
#include "report_page.h"
#include "util.h"

static void list_strs(const json_t *arr, const char *indent)
{
	for (size_t i = 0; i < json_array_size(arr); i++)
		printf("%s%s\n", indent, js_str(json_array_get(arr, i), "?"));
}

static void print_phases(const json_t *v)
{
	const json_t *ph = js_get(v, "phases");

	puts("phases:");
	for (int i = 0; i < PH_N; i++) {
		const char *name = phase_name((enum phase)i);
		const json_t *p = js_get(ph, name);

		if (!p)
			continue;
		printf("  %-11s %-12s %8.1f s%s\n", name, js_str(js_get(p, "status"), "?"),
		       js_num(js_get(p, "seconds"), 0), js_num(js_get(p, "skipped"), 0) ? "  (skipped)" : "");
		if (js_get(p, "log_tail"))
			printf("    log: %s\n%s\n", js_str(js_get(p, "log"), "?"), js_str(js_get(p, "log_tail"), ""));
	}
	printf("  %-24s %8.1f s\n", "total", js_num(js_get(v, "total_seconds"), 0));
}

/* Per phase that used a compile farm: where its compiles ran, and why. */
static void print_farm(const json_t *v)
{
	const char *name, *k;
	json_t *p, *n;

	json_object_foreach((json_t *)js_get(v, "phases"), name, p) {
		const json_t *f = js_get(p, "farm");
		int i = 0;

		if (!f)
			continue;
		if (!json_is_true(js_get(f, "counted"))) {
			printf("farm:      %-10s %s, compiles not counted\n", name, js_str(js_get(f, "launcher"), "?"));
			continue;
		}
		printf("farm:      %-10s %.0f on the farm, %.0f here", name, js_num(js_get(f, "remote"), 0),
		       js_num(js_get(f, "local"), 0));
		json_object_foreach((json_t *)js_get(f, "local_why"), k, n)
			printf("%s%.0f: %s", i++ ? "; " : " (", js_num(n, 0), farm_why_text(k));
		printf("%s\n", i ? ")" : "");
	}
}

static void print_results(const json_t *v)
{
	const json_t *t = js_path(v, "phases.train.tasks");
	const char *key;
	json_t *val;

	if (json_array_size(t)) {
		puts("training tasks:");
		for (size_t i = 0; i < json_array_size(t); i++) {
			const json_t *k = json_array_get(t, i);

			printf("  %-20s %-8s %6.1f s\n", js_str(js_get(k, "name"), "?"),
			       js_str(js_get(k, "status"), "?"), js_num(js_get(k, "seconds"), 0));
		}
	}
	if ((t = js_path(v, "phases.merge")) && !js_num(js_get(t, "skipped"), 0)) {
		if (js_get(t, "functions"))
			printf("profile:   %.0f raw profiles, %.0f functions\n", js_num(js_get(t, "raw_profiles"), 0),
			       js_num(js_get(t, "functions"), 0));
		else
			printf("profile:   %.0f objects with .gcda data\n", js_num(js_get(t, "objects_with_profile"), 0));
	}
	if ((t = js_get(v, "coverage")) && js_get(t, "with_profile"))
		printf("coverage:  %.0f of %.0f objects with profile data\n", js_num(js_get(t, "with_profile"), 0),
		       js_num(js_get(t, "objects"), 0));
	if ((t = js_path(v, "phases.bolt")) && js_get(t, "outcome"))
		printf("BOLT:      %s%s%s\n", js_str(js_get(t, "outcome"), "?"), js_get(t, "why") ? ": " : "",
		       js_str(js_get(t, "why"), ""));
	print_farm(v);
	if ((t = js_path(v, "phases.optimize")))
		printf("warnings:  %.0f profile mismatch, %.0f missing profile\n",
		       js_num(js_get(t, "profile_mismatch_warnings"), 0),
		       js_num(js_get(t, "profile_missing_warnings"), 0));
	if ((t = js_path(v, "phases.verify.modules"))) {
		int ok = 0, nb = 0;

		json_object_foreach((json_t *)t, key, val) {
			if (!strcmp(js_str(val, ""), "ok"))
				ok++;
			else if (!strcmp(js_str(val, ""), "not built"))
				nb++;
		}
		printf("modules:   %d import, %d not built", ok, nb);
		json_object_foreach((json_t *)t, key, val)
			if (!strcmp(js_str(val, ""), "not built"))
				printf(" %s", key);
		putchar('\n');
	}
	if (json_array_size(js_get(v, "warnings"))) {
		puts("warnings:");
		list_strs(js_get(v, "warnings"), "  - ");
	}
}

/* What the build is (the final build's stamp), not what the toolchain can. */
static void print_pgo(const json_t *v)
{
	const json_t *o = js_path(v, "phases.optimize");

	if (o && js_get(o, "pgo")) {
		printf("PGO:       %s", js_num(js_get(o, "pgo"), 0) ? "yes" : "NO");
		if (js_get(o, "objects_compiled"))
			printf(" (%.0f of %.0f objects compiled with profile data)",
			       js_num(js_get(o, "objects_with_profile"), 0),
			       js_num(js_get(o, "objects_compiled"), 0));
		else if (js_get(o, "functions_with_profile"))
			printf(" (%.0f functions in the profile)", js_num(js_get(o, "functions_with_profile"), 0));
		putchar('\n');
	} else {
		printf("PGO:       %s (the toolchain; no final build yet)\n",
		       js_num(js_path(v, "toolchain.pgo.works"), 0) ? "possible" : "not possible");
	}
}

enum { O_HTML, O_BENCH, O_MARKDOWN, O_HELP, O_N };
static const struct arg_def report_opts_tab[O_N] = {
	[O_HTML] = { "html", 0, "FILE", "write one self-contained page instead (inline SVG: the phase\n"
		     "timeline, training tasks, coverage, BOLT, the decisions);\n"
		     "every build also writes BUILD-DIR/report.html" },
	[O_BENCH] = { "bench", 0, "FILE", "add the speed chart from `optpy bench --json > FILE`" },
	[O_MARKDOWN] = { "markdown", 0, NULL, "print a short Markdown summary (a CI job's summary)" },
	[O_HELP] = { "help", 'h', NULL, "this text" },
};
static const struct cli_cmd report_cmd = {
	"report",
	"usage: optpy report [--html FILE [--bench FILE]] [--markdown] BUILD-DIR\n"
	"Print BUILD-DIR/report.json for a person.\n",
	report_opts_tab, O_N, NULL,
};

/* A JSON file that must be a JSON object (what: "report", "bench result"). */
static json_t *read_object(const char *path, const char *what)
{
	char *text, *err = NULL;
	json_t *v;

	cli_need_regular(path, what);
	if (!(text = read_file(path, NULL)))
		die(EXIT_USAGE, "cannot read %s: %s", path, strerror(errno));
	if (!(v = js_parse(text, &err)))
		die(EXIT_FAIL, "%s is not valid JSON: %s", path, err);
	free(text);
	if (!json_is_object(v))
		die(EXIT_FAIL, "%s is not a%s %s (not a JSON object)", path, what[0] == 'r' ? "n optpy" : "n", what);
	return v;
}

static void print_text(const json_t *v)
{
	printf("CPython %s: %s (exit %d)\n", js_str(js_get(v, "python_version"), "?"),
	       js_str(js_get(v, "status"), "?"), (int)js_num(js_get(v, "exit_status"), -1));
	if (js_get(v, "failure"))
		printf("failed in: %s: %s\n", js_str(js_path(v, "failure.phase"), "?"),
		       js_str(js_path(v, "failure.message"), "?"));
	printf("source:    %s\n", js_str(js_get(v, "source"), "?"));
	printf("compiler:  %s %s (%s)\n", js_str(js_path(v, "toolchain.compiler.family"), "?"),
	       js_str(js_path(v, "toolchain.compiler.version"), "?"),
	       js_str(js_path(v, "toolchain.compiler.real_path"), "?"));
	printf("LTO:       %s\n", js_str(js_path(v, "toolchain.lto.mode"), "?"));
	list_strs(js_path(v, "toolchain.lto.reasons"), "           - ");
	print_pgo(v);
	list_strs(js_path(v, "toolchain.pgo.reasons"), "           - ");
	puts("final flags:");
	list_strs(js_path(v, "flags.final"), "           ");
	print_phases(v);
	print_results(v);
}

int cmd_report(int argc, char **argv)
{
	const char *html = NULL, *bench_file = NULL;
	int markdown = 0, rc;
	const char *dir = NULL, *val;
	struct args a;
	size_t row;
	char *path, *out;
	json_t *v, *bench = NULL;

	cli_args_init(&a, &report_cmd, argc, argv);
	while ((rc = cli_next(&a, &report_cmd, &row, &val)) != ARG_END) {
		if (rc == ARG_OPERAND && dir)
			die(EXIT_USAGE, "report needs one build directory, not also '%s'", val);
		if (rc == ARG_OPERAND) {
			dir = val;
			continue;
		}
		switch (row) {
		case O_HTML: html = val; break;
		case O_BENCH: bench_file = val; break;
		case O_MARKDOWN: markdown = 1; break;
		case O_HELP: cli_usage(stdout, &report_cmd); return EXIT_OK;
		default: BUG("report: option row %zu", row);
		}
	}
	if (!dir)
		cli_usage_error(&report_cmd, 1, "report needs one build directory");
	if (bench_file && !html)
		die(EXIT_USAGE, "--bench goes with --html (the chart is drawn on the page)");
	path = path_join(dir, "report.json");
	if (!is_file(path) && access(path, F_OK) < 0)
		die(EXIT_USAGE, "no report in %s (%s): has `optpy build --build-dir %s` run?", dir,
		    path, dir);
	v = read_object(path, "report");
	if (!json_is_string(js_get(v, "status")))
		die(EXIT_FAIL, "%s is not an optpy report (no object with a \"status\")\n  fix: give the "
		    "build directory of an optpy build", path);
	if (bench_file && !json_is_array(js_get((bench = read_object(bench_file, "bench result")),
						 "geometric_mean")))
		die(EXIT_FAIL, "%s is not `optpy bench --json` output (no geometric_mean)", bench_file);
	cli_scrub(v);
	if (html) {
		out = report_html(v, bench);
		if (write_file(html, out, strlen(out)) < 0)
			die(EXIT_TMPDIR, "cannot write %s: %s", html, strerror(errno));
		free(out);
	} else if (markdown) {
		out = report_markdown(v);
		fputs(out, stdout);
		free(out);
	} else {
		print_text(v);
	}
	json_decref(bench);
	json_decref(v);
	free(path);
	return EXIT_OK;
}
