/* cmd_detect.c - `optpy detect`: the toolchain and the LTO/PGO decision. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "json.h"
#include "options.h"
#include "probe.h"
#include "run.h"
#include "toolchain.h"
#include "toolsets.h"

enum { O_CC, O_ALL, O_LTO, O_JSON, O_TMPDIR, O_PROBE_TIMEOUT, O_NO_PROBE, O_HELP, O_N };
static const struct arg_def detect_opts_tab[O_N] = {
	[O_CC] = { "cc", 0, "CC", "the compiler (default: $CC, else gcc, cc, clang)" },
	[O_ALL] = { "all", 0, NULL, "every gcc and clang on PATH and every LLVM tool set\n"
		    "(PATH's versioned names, /usr/lib/llvm-N/bin): what\n"
		    "each is and can do (LTO modes, PGO, BOLT, tail calls)" },
	[O_LTO] = { "lto", 0, "MODE", "auto (default), full, thin or off; a forced mode that\n"
		    "cannot work is refused (exit 7)" },
	[O_JSON] = { "json", 0, NULL, "machine-readable report on stdout" },
	[O_TMPDIR] = { "tmpdir", 0, "DIR", "where the probes build (default: $TMPDIR or /tmp)" },
	[O_PROBE_TIMEOUT] = { "probe-timeout", 0, "S", "time limit for each probe command (default 60)" },
	[O_NO_PROBE] = { "no-probe", 0, NULL, "report the toolchain only" },
	[O_HELP] = { "help", 'h', NULL, "this text" },
};
static const struct cli_cmd detect_cmd = {
	"detect",
	"usage: optpy detect [--cc CC | --all] [--lto MODE] [--json] [--tmpdir DIR]\n"
	"                    [--probe-timeout SECONDS] [--no-probe]\n"
	"Ask the compiler what it is, find the tools, and decide by real probes\n"
	"whether LTO (full, thin or off) and PGO can be used.\n",
	detect_opts_tab, O_N,
	"Honours CC, CFLAGS, LDFLAGS, AR, LLVM_AR, LLVM_PROFDATA; OPTPY_PROBE_TIMEOUT\n"
	"and OPTPY_PROBE_CACHE as `optpy build --help` says.\n",
};

/* One compiler's row: what it is and what it can do. */
static void all_row(struct jw *w, struct strbuf *sb, const char *name, const struct toolchain *tc,
		    const struct decision *d, int probed)
{
	int tail = tc->family == CC_CLANG && tc->version.major >= 19;

	jw_obj(w, NULL);
	jw_str(w, "name", name);
	jw_str(w, "family", family_name(tc->family));
	jw_str(w, "version", tc->version.str);
	jw_str(w, "real_path", tc->real_path);
	if (probed) {
		jw_bool(w, "lto_thin", d->thin_ok);
		jw_bool(w, "lto_full", d->full_ok);
		jw_str(w, "lto", lto_name(d->lto));
		jw_bool(w, "pgo", d->pgo);
	}
	jw_str(w, "llvm_bolt", tc->bolt.usable ? tc->bolt.path : NULL);
	jw_str(w, "llvm_bolt_version", tc->bolt.usable ? tc->bolt.ver.str : NULL);
	jw_bool(w, "tail_calls", tail);
	jw_end_obj(w);
	sb_addf(sb, "  %-10s %s %s (%s)\n", name, family_name(tc->family), tc->version.str,
		tc->real_path ? tc->real_path : "?");
	if (probed)
		sb_addf(sb, "             LTO: thin %s, full %s (auto: %s); PGO: %s\n", d->thin_ok ? "yes" : "no",
			d->full_ok ? "yes" : "no", lto_name(d->lto), d->pgo ? "yes" : "no");
	sb_addf(sb, "             BOLT: %s%s%s%s; tail-calling interpreter (3.14+): %s\n",
		tc->bolt.usable ? tc->bolt.path : "none", tc->bolt.usable ? " (" : "",
		tc->bolt.usable ? tc->bolt.ver.str : "", tc->bolt.usable ? ")" : "",
		tail ? "yes" : "no (clang >= 19 only)");
}

/* optpy detect --all: every compiler, then every LLVM tool set. */
static int detect_all(struct detect_opts *o, enum lto_mode want, int json)
{
	static const char *const names[] = { "clang", "llvm-profdata", "llvm-bolt", "merge-fdata",
					     "ld.lld", "llvm-readobj" };
	struct toolsets ts;
	struct strvec seen = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct jw w = { 0 };

	toolsets_find(&ts, NULL);
	jw_obj(&w, NULL);
	jw_str(&w, "optpy", PACKAGE_VERSION);
	jw_arr(&w, "compilers");
	sb_adds(&sb, "compilers (newest first):\n");
	for (int i = 0; i < ts.ncc; i++) {
		struct toolchain tc;
		struct decision d;
		struct err e = { 0 };
		int dup = 0;

		o->cc = ts.cc[i].name;
		if (detect_toolchain(&tc, o, &e) != 0) {
			sb_addf(&sb, "  %-10s does not work: %s\n", ts.cc[i].name, e.msg ? e.msg : "?");
			err_clear(&e);
			continue;
		}
		for (size_t k = 0; k < seen.n && tc.real_path; k++)
			dup |= !strcmp(seen.v[k], tc.real_path);
		if (dup)
			continue;
		if (tc.real_path)
			sv_push(&seen, tc.real_path);
		memset(&d, 0, sizeof(d));
		if (decide(&d, &tc, want, o, &e) != 0) {
			if (e.status == EXIT_INTERRUPTED)
				die(e.status, "%s", e.msg);
			err_clear(&e);
		}
		all_row(&w, &sb, ts.cc[i].name, &tc, &d, !o->no_probe);
	}
	jw_end_arr(&w);
	jw_arr(&w, "llvm");
	sb_adds(&sb, "LLVM tool sets (newest first):\n");
	for (int i = 0; i < ts.nllvm; i++) {
		const struct llvm_set *s = &ts.llvm[i];
		const char *paths[] = { s->clang, s->profdata, s->bolt, s->merge_fdata, s->lld, s->readobj };

		jw_obj(&w, NULL);
		jw_int(&w, "major", s->major);
		jw_str(&w, "dir", s->dir);
		sb_addf(&sb, "  LLVM %-3d %s\n", s->major, s->dir ? s->dir : "(versioned names on PATH)");
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			jw_str(&w, names[k], paths[k]);
			sb_addf(&sb, "           %-14s %s\n", names[k], paths[k] ? paths[k] : "-");
		}
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	jw_end_obj(&w);
	if (json) {
		char *text = jw_text(&w);

		fputs(text, stdout);
		free(text);
	} else {
		fputs(sb_str(&sb), stdout);
	}
	jw_free(&w);
	sb_release(&sb);
	sv_clear(&seen);
	toolsets_free(&ts);
	return EXIT_OK;
}

int cmd_detect(int argc, char **argv)
{
	struct detect_opts o = { 0 };
	struct toolchain tc;
	struct decision d;
	struct err e = { 0 };
	enum lto_mode want = LTO_AUTO;
	int json = 0, all = 0, rc;
	struct args a;
	const char *val;
	size_t row;
	double t0 = now();
	const char *env_to = getenv("OPTPY_PROBE_TIMEOUT");

	o.probe_timeout = PROBE_TIMEOUT_DEFAULT;
	o.probe_cache = getenv("OPTPY_PROBE_CACHE");
	if (env_to && option_probe_timeout("OPTPY_PROBE_TIMEOUT", env_to, &o.probe_timeout, &e))
		die(e.status, "%s", e.msg);
	cli_args_init(&a, &detect_cmd, argc, argv);
	while ((rc = cli_next(&a, &detect_cmd, &row, &val)) != ARG_END) {
		if (rc == ARG_OPERAND)
			die(EXIT_USAGE, "detect: unexpected argument '%s'\n  fix: optpy detect --help lists "
			    "the options", val);
		switch (row) {
		case O_CC: o.cc = val; break;
		case O_ALL: all = 1; break;
		case O_LTO:
			if (option_lto(val, &want, &e))
				die(e.status, "%s", e.msg);
			break;
		case O_JSON: json = 1; break;
		case O_TMPDIR: o.tmpdir = val; break;
		case O_PROBE_TIMEOUT:
			if (option_probe_timeout("--probe-timeout", val, &o.probe_timeout, &e))
				die(e.status, "%s", e.msg);
			break;
		case O_NO_PROBE: o.no_probe = 1; break;
		case O_HELP: cli_usage(stdout, &detect_cmd); return EXIT_OK;
		default: BUG("detect: option row %zu", row);
		}
	}
	run_install_signals();
	if (all && o.cc)
		die(EXIT_USAGE, "--all lists every compiler: it takes no --cc");
	if (all)
		return detect_all(&o, want, json);
	if (detect_toolchain(&tc, &o, &e) || decide(&d, &tc, want, &o, &e))
		die(e.status, "%s", e.msg);
	if (json) {
		struct jw w = { 0 };

		jw_obj(&w, NULL);
		jw_str(&w, "optpy", PACKAGE_VERSION);
		detect_report_json(&w, &tc, &d);
		jw_num(&w, "seconds", now() - t0);
		jw_end_obj(&w);
		char *text = jw_text(&w);

		fputs(text, stdout);
		free(text);
		jw_free(&w);
	} else {
		struct strbuf sb = STRBUF_INIT;

		detect_report_text(&sb, &tc, &d);
		sb_addf(&sb, "detect took %.2f s\n", now() - t0);
		fputs(sb_str(&sb), stdout);
		sb_release(&sb);
	}
	fflush(stdout);
	if (d.refused)
		die(EXIT_LTO_REFUSED, "%s", d.refused);
	if (tc.family == CC_UNKNOWN)
		die(EXIT_UNKNOWN_CC, "'%s' is not a compiler optpy knows (no gcc, clang or icx "
		    "predefined macros)\n  fix: set CC / --cc to gcc or clang", tc.cc_string);
	return EXIT_OK;
}
