/* decide.c - whether LTO (full, thin or off) and PGO can be used, decided by
 * the probes in probe.c on top of a small table of known-bad combinations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "probe.h"
#include "probe_cache.h"
#include "toolchain.h"

/* Combinations that are known not to work, each with where that is known
 * from.  below: applies when the compiler's major version is lower (0: any). */
static const struct known {
	enum family family;
	int below;
	enum lto_mode mode;
	const char *why;
	const char *source;
} known_tab[] = {
	{ CC_GCC, 0, LTO_THIN,
	  "gcc has no ThinLTO; its full LTO is already partitioned and parallel (-flto=auto)",
	  "GCC manual, -flto and -flto-partition; CPython's configure rejects --with-lto=thin for gcc" },
	{ CC_GCC, 5, LTO_FULL,
	  "gcc before 5 lacks the linker-plugin LTO that static archives (libpython.a) need",
	  "GCC 4.9/5 release notes (slim LTO objects, gcc-ar)" },
	{ CC_CLANG, 4, LTO_THIN, "ThinLTO first shipped in clang 3.9", "LLVM 3.9 release notes" },
	{ CC_APPLE_CLANG, 8, LTO_THIN, "ThinLTO first shipped in Apple clang 8 (Xcode 8)",
	  "Xcode 8 release notes" },
	{ CC_UNKNOWN, 0, LTO_FULL, "unknown compiler family: no LTO flags are known for it",
	  "optpy: detect found no gcc/clang/icx predefined macros" },
	{ CC_UNKNOWN, 0, LTO_THIN, "unknown compiler family: no LTO flags are known for it",
	  "optpy: detect found no gcc/clang/icx predefined macros" },
};

/* Versions that build a slower interpreter than they should, with where
 * that is known from: not refused, said in the report and by detect. */
static const struct trap {
	enum family family;
	int major;                 /* this major version exactly */
	const char *what;
} trap_tab[] = {
	{ CC_CLANG, 19, "clang 19 folds the computed gotos of the bytecode loop into one shared "
	  "indirect branch and does not duplicate it back (llvm#78582; partly fixed in LLVM 20.1.0, "
	  "llvm#116072, fully in 20.1.1, llvm#114990): the classic interpreter is slower; prefer gcc, "
	  "clang >= 20, or the tail-calling interpreter (CPython 3.14+, which optpy turns on)" },
};

static void find_traps(struct decision *d, const struct toolchain *tc)
{
	for (size_t i = 0; i < sizeof(trap_tab) / sizeof(trap_tab[0]); i++)
		if (trap_tab[i].family == tc->family && trap_tab[i].major == tc->version.major)
			sv_push(&d->traps, trap_tab[i].what);
}

const char *known_bad(const struct toolchain *tc, enum lto_mode want, const char **source)
{
	for (size_t i = 0; i < sizeof(known_tab) / sizeof(known_tab[0]); i++) {
		const struct known *k = &known_tab[i];

		if (k->family != tc->family || k->mode != want)
			continue;
		if (k->below && tc->version.major >= k->below)
			continue;
		if (source)
			*source = k->source;
		return k->why;
	}
	return NULL;
}

/* Probe `mode` with each candidate linker until one works. */
static int try_mode(struct probe_ctx *p, struct decision *d, enum lto_mode mode, int *lk_out)
{
	struct toolchain *tc = p->tc;
	static const int gcc_order[] = { -1, LK_GOLD, LK_MOLD };
	static const int clang_order[] = { LK_LLD, -1, LK_GOLD };
	static const int apple_order[] = { -1 };
	const int *order = gcc_order;
	int n = 3;
	struct strvec flags = { 0 };
	const char *src;
	const char *bad = known_bad(tc, mode, &src);

	if (bad) {
		sv_pushf(&d->lto_reasons, "%s: not possible: %s [%s]", lto_name(mode), bad, src);
		return 0;
	}
	if (tc->family == CC_CLANG || tc->family == CC_ICX)
		order = clang_order;
	else if (tc->family == CC_APPLE_CLANG)
		order = apple_order, n = 1;
	lto_flags_for(tc, mode, &flags);
	for (int i = 0; i < n; i++) {
		int lk = order[i];
		char *why = NULL;

		if (lk >= 0 && !tc->linkers[lk].path)
			continue; /* not installed: nothing to say */
		if (lk >= 0 && !tc->linkers[lk].usable) {
			sv_pushf(&d->lto_reasons, "%s with %s: skipped: %s", lto_name(mode), linker_label(lk),
				 tc->linkers[lk].note ? tc->linkers[lk].note : "unusable");
			continue;
		}
		if (probe_lto(p, mode, (const char *const *)flags.v, lk, &why)) {
			sv_pushf(&d->lto_reasons,
				 "%s with %s: works (2 units compiled to LTO objects, archived with %s, "
				 "linked, run; a -fPIC shared object linked)",
				 lto_name(mode), linker_label(lk), path_base(tc->ar.path));
			*lk_out = lk;
			sv_clear(&flags);
			return 1;
		}
		sv_pushf(&d->lto_reasons, "%s with %s: fails: %s", lto_name(mode), linker_label(lk), why);
		if (strstr(why, "archive") && env_get(tc->env, "AR") && *env_get(tc->env, "AR"))
			sv_pushf(&d->lto_reasons, "%s: the archiver comes from $AR=%s: unset AR or set it "
				 "to %s", lto_name(mode), env_get(tc->env, "AR"),
				 tc->family == CC_GCC ? "gcc-ar" : "llvm-ar of the compiler's LLVM version");
		else if (tc->family != CC_GCC && tc->ar.banner && strstr(tc->ar.banner, "GNU ar") &&
		    strstr(why, "archiv"))
			sv_pushf(&d->lto_reasons, "%s: clang's LTO objects are LLVM bitcode: use llvm-ar "
				 "of the compiler's LLVM version (set AR or LLVM_AR)", lto_name(mode));
		free(why);
	}
	sv_clear(&flags);
	return 0;
}

static void pgo_flags(const struct toolchain *tc, struct decision *d)
{
	static const char hot_share[] = "--param=hot-bb-count-ws-permille=999";

	if (tc->family == CC_GCC) {
		sv_push(&d->pgo_gen, "-fprofile-generate=@RAWDIR@");
		/* the .gcda stamp comes from the seed, not the clock: the same
		 * training gives the same profile bytes (stored profiles) */
		sv_push(&d->pgo_gen, "-frandom-seed=optpy");
		sv_push(&d->pgo_use, "-fprofile-use=@PROFDIR@");
		sv_push(&d->pgo_use, "-fprofile-correction");
		/* gcc calls a block hot only when it is among those that make up
		 * this share of all counted executions (990 permille by default in
		 * gcc 12), and does not inline a call that is not hot when that
		 * grows the code: what a broad training runs least, the last 1%,
		 * is compiled like cold code.  999: measured on 3.13.5 with one
		 * profile, 20 rounds against stock, BOLTed 1.045x and 1.034x where
		 * 990 gave 1.014x and 1.028x; before BOLT no gain, the same
		 * instruction count; 8% more text, a quarter more optimize time
		 * (README, "Measured on this machine").  gcc's LTO decides it at
		 * link time, so the final link gets it too. */
		sv_push(&d->pgo_use, hot_share);
		sv_push(&d->pgo_link, hot_share);
	} else {
		sv_push(&d->pgo_gen, "-fprofile-instr-generate");
		sv_push(&d->pgo_use, "-fprofile-instr-use=@PROFDIR@/merged.profdata");
	}
}

static void choose(struct decision *d, const struct toolchain *tc, enum lto_mode want)
{
	/* full where it works: measured 1.024x the speed of ThinLTO (95% interval
	 * 1.001-1.047) for CPython 3.14.7 with clang 22, for ~50 s more link
	 * time on 2 cores (docs/measurements.md); thin where only thin works */
	enum lto_mode best = d->full_ok ? LTO_FULL : d->thin_ok ? LTO_THIN : LTO_OFF;
	int lk = best == LTO_THIN ? d->thin_lk : d->full_lk;

	if (want == LTO_OFF) {
		d->lto = LTO_OFF;
		sv_push(&d->lto_reasons, "chosen: off, as requested");
		return;
	}
	if (want == LTO_AUTO) {
		d->lto = best;
		if (best == LTO_THIN)
			sv_push(&d->lto_reasons, "chosen: thin (full LTO failed its probes)");
		else if (best == LTO_FULL)
			sv_pushf(&d->lto_reasons, "chosen: full%s", tc->family == CC_GCC
				 ? " (gcc's LTO, partitioned and run in parallel with -flto=auto)"
				 : " (1.024x the speed of ThinLTO, 95% interval 1.001-1.047, on CPython "
				 "3.14.7 with clang 22, for a longer serial link; --lto thin links faster; "
				 "optpy #24, python-build-standalone PR 1276: +1.3%)");
		else
			sv_push(&d->lto_reasons, "chosen: off (no LTO mode passed its probes)");
	} else if ((want == LTO_THIN && d->thin_ok) || (want == LTO_FULL && d->full_ok)) {
		d->lto = want;
		lk = want == LTO_THIN ? d->thin_lk : d->full_lk;
		sv_pushf(&d->lto_reasons, "chosen: %s, as requested", lto_name(want));
	} else {
		const char *src = NULL;
		const char *bad = known_bad(tc, want, &src);

		d->lto = LTO_OFF;
		d->refused = xasprintf("--lto=%s cannot be used: %s%s%s%s\n  what works: %s",
				       lto_name(want), bad ? bad : "it failed its probes (see the reasons)",
				       bad ? " [" : "", bad ? src : "", bad ? "]" : "",
				       best == LTO_OFF ? "--lto=off (no LTO mode passed its probes)"
				       : best == LTO_THIN ? "--lto=thin or --lto=auto"
				       : "--lto=full or --lto=auto");
		return;
	}
	if (d->lto == LTO_OFF)
		return;
	lto_flags_for(tc, d->lto, &d->lto_cflags);
	lto_flags_for(tc, d->lto, &d->lto_ldflags);
	if (lk >= 0) {
		d->linker = linker_tab[lk].name;
		d->linker_path = xstrdup(tc->linkers[lk].path);
		sv_pushf(&d->lto_ldflags, "-fuse-ld=%s", linker_tab[lk].name);
	}
}

/* Run the probes into d; with a cache key, store what they found (not
 * when a probe timed out: that proves nothing). */
static int run_probes(struct decision *d, struct toolchain *tc, const struct detect_opts *o,
		      const char *key, struct err *e)
{
	struct probe_ctx p;
	char *why = NULL, *fix = NULL, *note = NULL;
	int rc;

	if ((rc = probe_begin(&p, tc, d, o->tmpdir, o->probe_timeout, e)) != 0)
		return rc;
	if (tc->family != CC_GCC)
		d->thin_ok = try_mode(&p, d, LTO_THIN, &d->thin_lk);
	else
		try_mode(&p, d, LTO_THIN, &d->thin_lk); /* records the table's reason */
	d->full_ok = try_mode(&p, d, LTO_FULL, &d->full_lk);
	d->pgo = probe_pgo(&p, &why, &fix);
	if (d->pgo)
		sv_pushf(&d->pgo_reasons, "yes: instrumented probe built, run, %s, rebuilt with the profile "
			 "and run", tc->family == CC_GCC ? ".gcda written" : "profile merged with llvm-profdata");
	else
		sv_pushf(&d->pgo_reasons, "no: %s", why);
	d->pgo_fix = fix;
	free(why);
	probe_end(&p);
	probe_take_steps(&p, &d->steps, &d->nsteps);
	if (p.interrupted)
		return err_set(e, EXIT_INTERRUPTED, "interrupted while probing the toolchain");
	/* a probe that ran out of time proves nothing: said, and a build
	 * refuses to go on with what it decided (driver.c) */
	d->timed_out = p.timed_out;
	d->probe_timeout = p.timeout;
	if (p.timed_out) {
		sv_pushf(&d->lto_reasons, "%d probe command(s) timed out after %g s: raise "
			 "OPTPY_PROBE_TIMEOUT", p.timed_out, p.timeout);
		if (key) {
			free(d->cache_note);
			d->cache_note = xstrdup("not stored: a probe timed out");
		}
	} else if (key && probe_cache_store(o->probe_cache, key, d, &d->cache_file, &note) < 0) {
		free(d->cache_note);
		d->cache_note = xasprintf("not stored: %s", note);
		free(note);
	}
	return 0;
}

int decide(struct decision *d, struct toolchain *tc, enum lto_mode want, const struct detect_opts *o,
	   struct err *e)
{
	double t0 = now();
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->requested = want;
	d->thin_lk = d->full_lk = -1;
	if (tc->family == CC_UNKNOWN) {
		const char *src = "";
		const char *bad = known_bad(tc, LTO_FULL, &src);

		sv_pushf(&d->lto_reasons, "off: %s [%s]", bad ? bad : "unknown compiler", src);
		sv_push(&d->pgo_reasons, "no: unknown compiler family: no instrumentation flags are known");
		if (want == LTO_FULL || want == LTO_THIN)
			d->refused = xasprintf("--lto=%s cannot be used: unknown compiler family\n"
					       "  what works: --lto=off", lto_name(want));
		d->seconds = now() - t0;
		return 0;
	}
	pgo_flags(tc, d);
	find_traps(d, tc);
	if (o->no_probe) {
		sv_push(&d->lto_reasons, "not probed (--no-probe)");
		sv_push(&d->pgo_reasons, "not probed (--no-probe)");
		d->lto = LTO_OFF;
		d->seconds = now() - t0;
		return 0;
	}
	d->probe_timeout = o->probe_timeout;
	if (o->probe_cache && *o->probe_cache) {
		char *key = probe_cache_key(tc);

		d->cached = probe_cache_load(o->probe_cache, key, tc, d, &d->cache_file, &d->cache_note);
		if (!d->cached)
			rc = run_probes(d, tc, o, key, e);
		free(key);
	} else {
		rc = run_probes(d, tc, o, NULL, e);
	}
	if (rc)
		return rc;
	choose(d, tc, want);
	d->seconds = now() - t0;
	return 0;
}
