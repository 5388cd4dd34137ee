/* cmd_report.c - `optpy report BUILD`: report.json, for a person. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "phase.h"
#include "util.h"

static void list_strs(const json_t *arr, const char *indent)
{
	for (size_t i = 0; i < json_array_size(arr); i++)
		printf("%s%s\n", indent, json_str(json_array_get(arr, i), "?"));
}

static void print_phases(const json_t *v)
{
	const json_t *ph = json_get(v, "phases");

	puts("phases:");
	for (int i = 0; i < PH_N; i++) {
		const char *name = phase_name((enum phase)i);
		const json_t *p = json_get(ph, name);

		if (!p)
			continue;
		printf("  %-11s %-12s %8.1f s%s\n", name, json_str(json_get(p, "status"), "?"),
		       json_num(json_get(p, "seconds"), 0), json_num(json_get(p, "skipped"), 0) ? "  (skipped)" : "");
		if (json_get(p, "log_tail"))
			printf("    log: %s\n%s\n", json_str(json_get(p, "log"), "?"), json_str(json_get(p, "log_tail"), ""));
	}
	printf("  %-24s %8.1f s\n", "total", json_num(json_get(v, "total_seconds"), 0));
}

static void print_results(const json_t *v)
{
	const json_t *t = json_path(v, "phases.train.tasks");
	const char *key;
	json_t *val;

	if (json_array_size(t)) {
		puts("training tasks:");
		for (size_t i = 0; i < json_array_size(t); i++) {
			const json_t *k = json_array_get(t, i);

			printf("  %-20s %-8s %6.1f s\n", json_str(json_get(k, "name"), "?"),
			       json_str(json_get(k, "status"), "?"), json_num(json_get(k, "seconds"), 0));
		}
	}
	if ((t = json_path(v, "phases.merge")) && !json_num(json_get(t, "skipped"), 0)) {
		if (json_get(t, "functions"))
			printf("profile:   %.0f raw profiles, %.0f functions\n", json_num(json_get(t, "raw_profiles"), 0),
			       json_num(json_get(t, "functions"), 0));
		else
			printf("profile:   %.0f objects with .gcda data\n", json_num(json_get(t, "objects_with_profile"), 0));
	}
	if ((t = json_get(v, "coverage")) && json_get(t, "with_profile"))
		printf("coverage:  %.0f of %.0f objects with profile data\n", json_num(json_get(t, "with_profile"), 0),
		       json_num(json_get(t, "objects"), 0));
	if ((t = json_path(v, "phases.bolt")) && json_get(t, "outcome"))
		printf("BOLT:      %s%s%s\n", json_str(json_get(t, "outcome"), "?"), json_get(t, "why") ? ": " : "",
		       json_str(json_get(t, "why"), ""));
	if ((t = json_path(v, "phases.optimize")))
		printf("warnings:  %.0f profile mismatch, %.0f missing profile\n",
		       json_num(json_get(t, "profile_mismatch_warnings"), 0),
		       json_num(json_get(t, "profile_missing_warnings"), 0));
	if ((t = json_path(v, "phases.verify.modules"))) {
		int ok = 0, nb = 0;

		json_object_foreach((json_t *)t, key, val) {
			if (!strcmp(json_str(val, ""), "ok"))
				ok++;
			else if (!strcmp(json_str(val, ""), "not built"))
				nb++;
		}
		printf("modules:   %d import, %d not built", ok, nb);
		json_object_foreach((json_t *)t, key, val)
			if (!strcmp(json_str(val, ""), "not built"))
				printf(" %s", key);
		putchar('\n');
	}
	if (json_array_size(json_get(v, "warnings"))) {
		puts("warnings:");
		list_strs(json_get(v, "warnings"), "  - ");
	}
}

/* What the build is (the final build's stamp), not what the toolchain can. */
static void print_pgo(const json_t *v)
{
	const json_t *o = json_path(v, "phases.optimize");

	if (o && json_get(o, "pgo")) {
		printf("PGO:       %s", json_num(json_get(o, "pgo"), 0) ? "yes" : "NO");
		if (json_get(o, "objects_compiled"))
			printf(" (%.0f of %.0f objects compiled with profile data)",
			       json_num(json_get(o, "objects_with_profile"), 0),
			       json_num(json_get(o, "objects_compiled"), 0));
		else if (json_get(o, "functions_with_profile"))
			printf(" (%.0f functions in the profile)", json_num(json_get(o, "functions_with_profile"), 0));
		putchar('\n');
	} else {
		printf("PGO:       %s (the toolchain; no final build yet)\n",
		       json_num(json_path(v, "toolchain.pgo.works"), 0) ? "possible" : "not possible");
	}
}

int cmd_report(int argc, char **argv)
{
	const char *dir;
	char *path, *text, *err = NULL;
	json_t *v;

	if (argc != 2 || argv[1][0] == '-') {
		if (argc == 2 && !strcmp(argv[1], "--help")) {
			puts("usage: optpy report BUILD-DIR\nPrint BUILD-DIR/report.json for a person.");
			return EXIT_OK;
		}
		die(EXIT_USAGE, "usage: optpy report BUILD-DIR");
	}
	dir = argv[1];
	path = path_join(dir, "report.json");
	if (!is_file(path) && access(path, F_OK) < 0)
		die(EXIT_USAGE, "no report in %s (%s): has `optpy build --build-dir %s` run?", dir, path, dir);
	cli_need_regular(path, "report");
	text = read_file(path, NULL);
	if (!text)
		die(EXIT_USAGE, "cannot read %s: %s", path, strerror(errno));
	v = json_parse(text, &err);
	if (!v)
		die(EXIT_FAIL, "%s is not valid JSON: %s", path, err);
	if (!json_is_object(v) || !json_is_string(json_get(v, "status")))
		die(EXIT_FAIL, "%s is not an optpy report (no object with a \"status\")\n  fix: give the "
		    "build directory of an optpy build", path);
	cli_scrub(v);
	printf("CPython %s: %s (exit %d)\n", json_str(json_get(v, "python_version"), "?"),
	       json_str(json_get(v, "status"), "?"), (int)json_num(json_get(v, "exit_status"), -1));
	if (json_get(v, "failure"))
		printf("failed in: %s: %s\n", json_str(json_path(v, "failure.phase"), "?"),
		       json_str(json_path(v, "failure.message"), "?"));
	printf("source:    %s\n", json_str(json_get(v, "source"), "?"));
	printf("compiler:  %s %s (%s)\n", json_str(json_path(v, "toolchain.compiler.family"), "?"),
	       json_str(json_path(v, "toolchain.compiler.version"), "?"),
	       json_str(json_path(v, "toolchain.compiler.real_path"), "?"));
	printf("LTO:       %s\n", json_str(json_path(v, "toolchain.lto.mode"), "?"));
	list_strs(json_path(v, "toolchain.lto.reasons"), "           - ");
	print_pgo(v);
	list_strs(json_path(v, "toolchain.pgo.reasons"), "           - ");
	puts("final flags:");
	list_strs(json_path(v, "flags.final"), "           ");
	print_phases(v);
	print_results(v);
	json_decref(v);
	free(text);
	free(path);
	return EXIT_OK;
}
