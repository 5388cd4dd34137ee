/* detect_report.c - the detect report (what detect found and decided), as
 * text for a person and JSON for CI; not a build's report.json (build_report.c). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "toolchain.h"

static void text_tool(struct strbuf *sb, const char *label, const struct tool *t)
{
	sb_addf(sb, "  %-15s ", label);
	if (!t->path)
		sb_adds(sb, "not found");
	else
		sb_addf(sb, "%s (%s)", t->path, t->ver.str);
	if (t->note)
		sb_addf(sb, " - %s", t->note);
	sb_addc(sb, '\n');
}

static const struct {
	const char *label;
	size_t off;
} tool_tab[] = {
	{ "archiver", offsetof(struct toolchain, ar) },
	{ "llvm-profdata", offsetof(struct toolchain, profdata) },
	{ "llvm-bolt", offsetof(struct toolchain, bolt) },
	{ "merge-fdata", offsetof(struct toolchain, merge_fdata) },
	{ "perf", offsetof(struct toolchain, perf) },
};

#define TOOL_AT(tc, off) ((const struct tool *)((const char *)(tc) + (off)))

void detect_report_text(struct strbuf *sb, const struct toolchain *tc, const struct decision *d)
{
	sb_addf(sb, "compiler\n  %-15s %s %s (%s)\n", "family", family_name(tc->family),
		tc->version.str[0] ? tc->version.str : "?", tc->vendor ? tc->vendor : "?");
	sb_addf(sb, "  %-15s %s\n", "banner", tc->banner ? tc->banner : "?");
	sb_addf(sb, "  %-15s %s\n", "CC", tc->cc_string);
	if (tc->launcher)
		sb_addf(sb, "  %-15s %s\n", "launcher", tc->launcher);
	if (tc->cc.n > (size_t)tc->cc_index + 1) {
		sb_addf(sb, "  %-15s", "extra words");
		for (size_t i = (size_t)tc->cc_index + 1; i < tc->cc.n; i++)
			sb_addf(sb, " %s", tc->cc.v[i]);
		sb_addc(sb, '\n');
	}
	sb_addf(sb, "  %-15s %s\n", "path", tc->real_path);
	sb_addf(sb, "  %-15s %s\n", "target", tc->triple);
	sb_addf(sb, "platform\n  %-15s %s %s, %s %s, %ld cores, %.1f GiB\n", "os", tc->os, tc->arch,
		tc->libc, tc->libc_version, tc->cores, tc->mem_bytes / 1073741824.0);
	sb_adds(sb, "tools\n");
	for (size_t i = 0; i < sizeof(tool_tab) / sizeof(tool_tab[0]); i++)
		text_tool(sb, tool_tab[i].label, TOOL_AT(tc, tool_tab[i].off));
	for (int i = 0; i < LK_N; i++) {
		char *label = xasprintf("linker %s", linker_tab[i].name);

		text_tool(sb, label, &tc->linkers[i]);
		free(label);
	}
	if (!d)
		return;
	sb_addf(sb, "LTO: %s%s%s\n", lto_name(d->lto), d->linker ? " with " : "", d->linker ? d->linker : "");
	for (size_t i = 0; i < d->lto_reasons.n; i++)
		sb_addf(sb, "  - %s\n", d->lto_reasons.v[i]);
	if (d->lto_cflags.n) {
		sb_adds(sb, "  flags:");
		for (size_t i = 0; i < d->lto_ldflags.n; i++)
			sb_addf(sb, " %s", d->lto_ldflags.v[i]);
		sb_addc(sb, '\n');
	}
	sb_addf(sb, "PGO: %s\n", d->pgo ? "yes" : "no");
	for (size_t i = 0; i < d->pgo_reasons.n; i++)
		sb_addf(sb, "  - %s\n", d->pgo_reasons.v[i]);
	if (d->pgo_fix)
		sb_addf(sb, "  fix: %s\n", d->pgo_fix);
	for (size_t i = 0; i < d->traps.n; i++)
		sb_addf(sb, "trap: %s\n", d->traps.v[i]);
	if (d->cached)
		sb_addf(sb, "probes: not run, their findings from the cache %s\n", d->cache_file);
	else
		sb_addf(sb, "probes took %.2f s%s%s\n", d->seconds, d->cache_file ? "; stored in " : "",
			d->cache_file ? d->cache_file : "");
	if (d->cache_note)
		sb_addf(sb, "probe cache: %s\n", d->cache_note);
}

static void json_tool(struct jw *w, const char *key, const struct tool *t)
{
	jw_obj(w, key);
	jw_str(w, "path", t->path);
	jw_str(w, "version", t->path ? t->ver.str : NULL);
	jw_str(w, "banner", t->banner);
	jw_bool(w, "usable", t->usable);
	jw_str(w, "note", t->note);
	jw_end_obj(w);
}

void probe_steps_json(struct jw *w, const char *key, const struct probe_step *steps, int n)
{
	jw_arr(w, key);
	for (int i = 0; i < n; i++) {
		jw_obj(w, NULL);
		jw_str(w, "name", steps[i].name);
		jw_bool(w, "ok", steps[i].ok);
		jw_num(w, "seconds", steps[i].seconds);
		jw_str(w, "detail", steps[i].detail);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

void detect_report_json(struct jw *w, const struct toolchain *tc, const struct decision *d)
{
	jw_obj(w, "compiler");
	jw_str(w, "family", family_name(tc->family));
	jw_str(w, "version", tc->version.str);
	jw_str(w, "vendor", tc->vendor);
	jw_str(w, "banner", tc->banner);
	jw_str(w, "cc", tc->cc_string);
	jw_str(w, "launcher", tc->launcher);
	jw_arr(w, "extra_words");
	for (size_t i = (size_t)tc->cc_index + 1; i < tc->cc.n; i++)
		jw_str(w, NULL, tc->cc.v[i]);
	jw_end_arr(w);
	jw_str(w, "path", tc->compiler_path);
	jw_str(w, "real_path", tc->real_path);
	jw_str(w, "target", tc->triple);
	jw_str(w, "installed_dir", tc->installed_dir);
	jw_strvec(w, "cflags", &tc->cflags);
	jw_strvec(w, "ldflags", &tc->ldflags);
	jw_end_obj(w);
	jw_obj(w, "platform");
	jw_str(w, "os", tc->os);
	jw_str(w, "arch", tc->arch);
	jw_str(w, "libc", tc->libc);
	jw_str(w, "libc_version", tc->libc_version);
	jw_int(w, "cores", tc->cores);
	jw_int(w, "memory_bytes", tc->mem_bytes);
	jw_end_obj(w);
	jw_obj(w, "tools");
	for (size_t i = 0; i < sizeof(tool_tab) / sizeof(tool_tab[0]); i++)
		json_tool(w, tool_tab[i].label, TOOL_AT(tc, tool_tab[i].off));
	jw_obj(w, "linkers");
	for (int i = 0; i < LK_N; i++)
		json_tool(w, linker_tab[i].name, &tc->linkers[i]);
	jw_end_obj(w);
	jw_end_obj(w);
	if (!d)
		return;
	jw_obj(w, "lto");
	jw_str(w, "requested", lto_name(d->requested));
	jw_str(w, "mode", lto_name(d->lto));
	jw_bool(w, "thin_works", d->thin_ok);
	jw_bool(w, "full_works", d->full_ok);
	jw_str(w, "linker", d->linker);
	jw_str(w, "linker_path", d->linker_path);
	jw_strvec(w, "cflags", &d->lto_cflags);
	jw_strvec(w, "ldflags", &d->lto_ldflags);
	jw_strvec(w, "reasons", &d->lto_reasons);
	jw_str(w, "refused", d->refused);
	jw_end_obj(w);
	jw_obj(w, "pgo");
	jw_bool(w, "works", d->pgo);
	jw_strvec(w, "generate_flags", &d->pgo_gen);
	jw_strvec(w, "use_flags", &d->pgo_use);
	jw_strvec(w, "link_flags", &d->pgo_link);
	jw_strvec(w, "reasons", &d->pgo_reasons);
	jw_str(w, "fix", d->pgo_fix);
	jw_end_obj(w);
	jw_strvec(w, "traps", &d->traps);
	probe_steps_json(w, "probes", d->steps, d->nsteps);
	jw_num(w, "probe_seconds", d->seconds);
	jw_obj(w, "probe_cache");
	jw_str(w, "file", d->cache_file);
	jw_bool(w, "hit", d->cached);
	jw_str(w, "note", d->cache_note);
	jw_end_obj(w);
}
