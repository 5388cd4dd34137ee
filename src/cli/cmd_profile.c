/* cmd_profile.c - `optpy profile show FILE`: a stored profile bundle's
 * manifest (what it fits) and coverage, for a person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "cli.h"
#include "err.h"

int cmd_profile(int argc, char **argv)
{
	struct err e = { 0 };
	const json_t *id, *cov, *val;
	const char *key;
	json_t *m;

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		puts("usage: optpy profile show FILE\nPrint what a stored profile bundle fits and covers.");
		return EXIT_OK;
	}
	if (argc != 3 || strcmp(argv[1], "show"))
		die(EXIT_USAGE, "usage: optpy profile show FILE");
	cli_need_regular(argv[2], "bundle");
	if (!(m = bundle_manifest(argv[2], &e)))
		die(e.status, "%s", e.msg);
	cli_scrub(m);
	printf("profile bundle %s (%s)\n", argv[2], js_str(js_get(m, "format"), "?"));
	id = js_get(m, "identity");
	json_object_foreach((json_t *)id, key, val) {
		char *s = json_is_string(val) ? NULL : json_dumps(val, JSON_ENCODE_ANY | JSON_COMPACT);

		printf("  %-18s %s\n", key, s ? s : js_str(val, "(none)"));
		free(s);
	}
	if ((cov = js_get(m, "coverage"))) {
		if (js_get(cov, "objects"))
			printf("coverage: %.0f of %.0f objects with profile data\n",
			       js_num(js_get(cov, "with_profile"), 0), js_num(js_get(cov, "objects"), 0));
		if (js_get(cov, "functions_with_profile"))
			printf("coverage: %.0f functions with profile data\n",
			       js_num(js_get(cov, "functions_with_profile"), 0));
	}
	if (js_get(m, "bolt_profiles")) {
		char *names = json_dumps(js_get(m, "bolt_profiles"), JSON_COMPACT);

		printf("BOLT profiles: %s (%s)\n", names, js_str(js_get(m, "llvm_bolt"), "?"));
		free(names);
	}
	json_decref(m);
	return EXIT_OK;
}
