/* build_report.c - BUILD/report.json (see build_report.h). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "build_report.h"
#include "report_page.h"
#include "makevars.h"

/* The make variables of both builds: what ran (the phase's stamp), else
 * what will run. */
static void report_flags(struct jw *w, struct build *b)
{
	struct strvec vars = { 0 };

	jw_obj(w, "flags");
	/* what ran (the phase's stamp), else what will run */
	for (int final = 0; final <= 1; final++) {
		json_t *sv = stamp_read(b, final ? PH_OPTIMIZE : PH_INSTRUMENT);
		const json_t *ran = js_get(sv, STAMP_MAKE_VARS);

		if (json_is_array(ran)) {
			jw_value(w, final ? "final" : "instrument", ran);
		} else {
			build_make_vars(b, final, &vars);
			jw_arr(w, final ? "final" : "instrument");
			for (size_t i = 0; i < vars.n; i++)
				jw_str(w, NULL, vars.v[i]);
			jw_end_arr(w);
			sv_clear(&vars);
		}
		json_decref(sv);
	}
	jw_str(w, "archiver", b->tc.ar.path);
	jw_end_obj(w);
}

/* Each phase's stamp, or for the failed one what failed; returns the
 * phases' total seconds and merge's coverage section (*coverage, or NULL). */
static double report_phases(struct jw *w, struct build *b, const struct report_status *st, json_t **coverage)
{
	double total = 0;

	jw_obj(w, "phases");
	for (int p = 0; p < PH_N; p++) {
		char *stamp = stamp_path(b, (enum phase)p);
		char *s = read_file_flags(stamp, NULL, O_NOFOLLOW);

		if (s && p != st->failed_phase) {
			json_t *v = js_parse(s, NULL);

			if (p == PH_MERGE && js_get(v, "coverage"))
				*coverage = json_incref((json_t *)js_get(v, "coverage"));
			total += js_num(js_get(v, STAMP_SECONDS), 0);
			jw_value(w, phase_name((enum phase)p), v);
			json_decref(v);
		} else if (p == st->failed_phase) {
			char *log = phase_log_path(b, (enum phase)p);

			jw_obj(w, phase_name((enum phase)p));
			jw_str(w, "status", st->status);
			jw_num(w, "seconds", st->failed_seconds);
			jw_str(w, "message", st->message);
			jw_str(w, "log", log);
			jw_str(w, "log_tail", st->log_tail);
			jw_end_obj(w);
			total += st->failed_seconds;
			free(log);
		}
		free(s);
		free(stamp);
	}
	jw_end_obj(w);
	return total;
}

int build_report_write(struct build *b, const struct report_status *st)
{
	struct jw w = { 0 };
	char *path = path_join(b->bdir, "report.json");
	json_t *coverage = NULL;
	double total = 0;
	int rc;

	jw_obj(&w, NULL);
	jw_str(&w, "optpy", PACKAGE_VERSION);
	jw_str(&w, "status", st->status);
	jw_int(&w, "exit_status", st->exit_status);
	if (st->failed_phase >= 0) {
		jw_obj(&w, "failure");
		jw_str(&w, "phase", phase_name((enum phase)st->failed_phase));
		jw_str(&w, "message", st->message);
		jw_end_obj(&w);
	}
	jw_str(&w, "source", b->o.source);
	jw_str(&w, "source_tree", b->src);
	jw_str(&w, "build_dir", b->bdir);
	jw_str(&w, "python_version", b->ver.str[0] ? b->ver.str : NULL);
	if (b->chosen_cc) {
		jw_obj(&w, "compiler_choice");
		jw_str(&w, "cc", b->chosen_cc);
		jw_str(&w, "why", b->chosen_why);
		jw_str(&w, "source", b->chosen_source);
		jw_end_obj(&w);
	}
	jw_obj(&w, "toolchain");
	if (b->tc.cc_string)
		detect_report_json(&w, &b->tc, &b->d);
	jw_end_obj(&w);
	report_flags(&w, b);
	total = report_phases(&w, b, st, &coverage);
	jw_num(&w, "total_seconds", total);
	/* the training's reach, from merge: its own section */
	if (coverage)
		jw_value(&w, "coverage", coverage);
	json_decref(coverage);
	jw_strvec(&w, "notes", &b->notes);
	jw_strvec(&w, "warnings", &b->warnings);
	jw_end_obj(&w);
	rc = jw_write(&w, path);
	/* the same, as a page a person opens (report.html) */
	if (rc == 0) {
		char *html = report_html(w.root, NULL), *hpath = path_join(b->bdir, "report.html");

		rc = write_file(hpath, html, strlen(html));
		free(hpath);
		free(html);
	}
	free(path);
	jw_free(&w);
	return rc;
}
