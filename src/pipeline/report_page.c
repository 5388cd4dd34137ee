/* report_page.c - report.json as a page and as a summary (see report_page.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "phase.h"
#include "report_page.h"
#include "strbuf.h"

static const char *const phase_colors[PH_N] = {
	"#9aa5b1", "#7b8794", "#3b7dd8", "#3bb07a", "#62c49a", "#d8873b", "#b03b8c", "#52606d", "#323f4b",
};

/* A row of the summary table. */
static void row(struct strbuf *s, const char *key, const char *val)
{
	sb_adds(s, "<tr><th>");
	sb_add_escaped(s, key);
	sb_adds(s, "</th><td>");
	sb_add_escaped(s, val);
	sb_adds(s, "</td></tr>\n");
}

static void summary(struct strbuf *s, const json_t *r)
{
	const json_t *o = js_path(r, "phases.optimize"), *bolt = js_path(r, "phases.bolt");
	char buf[256];

	sb_adds(s, "<section id=\"summary\"><table class=\"kv\">\n");
	row(s, "status", js_str(js_get(r, "status"), "?"));
	if (js_get(r, "failure")) {
		snprintf(buf, sizeof(buf), "%s: ", js_str(js_path(r, "failure.phase"), "?"));
		sb_adds(s, "<tr><th>failed in</th><td class=\"bad\">");
		sb_add_escaped(s, buf);
		sb_add_escaped(s, js_str(js_path(r, "failure.message"), "?"));
		sb_adds(s, "</td></tr>\n");
	}
	row(s, "source", js_str(js_get(r, "source"), "?"));
	snprintf(buf, sizeof(buf), "%s %s (%s)", js_str(js_path(r, "toolchain.compiler.family"), "?"),
		 js_str(js_path(r, "toolchain.compiler.version"), "?"), js_str(js_path(r, "toolchain.compiler.cc"), "?"));
	row(s, "compiler", buf);
	row(s, "LTO", js_str(js_path(r, "toolchain.lto.mode"), "?"));
	row(s, "PGO", !o || !js_get(o, "pgo") ? "no final build yet" : js_num(js_get(o, "pgo"), 0) ? "yes" : "NO");
	row(s, "BOLT", js_str(js_get(bolt, "outcome"), bolt ? "?" : "not run"));
	snprintf(buf, sizeof(buf), "%.0f s", js_num(js_get(r, "total_seconds"), 0));
	row(s, "total time", buf);
	sb_adds(s, "</table></section>\n");
}

/* The phases as one bar, each as wide as its time, and a table. */
static void timeline(struct strbuf *s, const json_t *r)
{
	const json_t *ph = js_get(r, "phases");
	double total = 0, x = 10;
	const int width = 760;

	for (int i = 0; i < PH_N; i++)
		total += js_num(js_get(js_get(ph, phase_name((enum phase)i)), "seconds"), 0);
	sb_adds(s, "<section id=\"timeline\"><h2>Phases</h2>\n");
	sb_addf(s, "<svg class=\"chart\" width=\"%d\" height=\"70\" viewBox=\"0 0 %d 70\">\n", width + 20, width + 20);
	for (int i = 0; i < PH_N && total > 0; i++) {
		const json_t *p = js_get(ph, phase_name((enum phase)i));
		double w = js_num(js_get(p, "seconds"), 0) / total * width;

		if (!p)
			continue;
		sb_addf(s, "<rect class=\"phase\" x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"30\" fill=\"%s\">"
			"<title>%s: %.1f s</title></rect>\n", x, w > 0.5 ? w : 0.5, phase_colors[i],
			phase_name((enum phase)i), js_num(js_get(p, "seconds"), 0));
		if (w > 40)
			sb_addf(s, "<text x=\"%.1f\" y=\"60\" font-size=\"11\">%s</text>\n", x + 2,
				phase_name((enum phase)i));
		x += w;
	}
	sb_adds(s, "</svg>\n<table><tr><th>phase</th><th>status</th><th>seconds</th></tr>\n");
	for (int i = 0; i < PH_N; i++) {
		const json_t *p = js_get(ph, phase_name((enum phase)i));

		if (!p)
			continue;
		sb_addf(s, "<tr><td><span class=\"dot\" style=\"background:%s\"></span>%s</td><td>", phase_colors[i],
			phase_name((enum phase)i));
		sb_add_escaped(s, js_str(js_get(p, "status"), "?"));
		sb_addf(s, "</td><td class=\"num\">%.1f</td></tr>\n", js_num(js_get(p, "seconds"), 0));
	}
	sb_adds(s, "</table></section>\n");
}

/* Per phase that used a compile farm: where its compiles ran, and why. */
static void farm(struct strbuf *s, const json_t *r)
{
	const json_t *ph = js_get(r, "phases");
	int any = 0;

	for (int i = 0; i < PH_N; i++) {
		const json_t *f = js_get(js_get(ph, phase_name((enum phase)i)), "farm");
		const char *k;
		json_t *n;

		if (!f)
			continue;
		if (!any++)
			sb_adds(s, "<section id=\"farm\"><h2>Compile farm</h2>\n<table><tr><th>phase</th>"
				"<th>launcher</th><th>on the farm</th><th>here</th><th>why here</th></tr>\n");
		sb_addf(s, "<tr><td>%s</td><td>", phase_name((enum phase)i));
		sb_add_escaped(s, js_str(js_get(f, "launcher"), "?"));
		if (!json_is_true(js_get(f, "counted"))) {
			sb_adds(s, "</td><td colspan=\"3\">not counted</td></tr>\n");
			continue;
		}
		sb_addf(s, "</td><td class=\"num\">%.0f</td><td class=\"num\">%.0f</td><td>",
			js_num(js_get(f, "remote"), 0), js_num(js_get(f, "local"), 0));
		json_object_foreach((json_t *)js_get(f, "local_why"), k, n) {
			sb_addf(s, "%.0f: ", js_num(n, 0));
			sb_add_escaped(s, farm_why_text(k));
			sb_adds(s, "<br>");
		}
		sb_adds(s, "</td></tr>\n");
	}
	if (any)
		sb_adds(s, "</table></section>\n");
}

/* Training tasks: a bar per task, as long as its time. */
static void tasks(struct strbuf *s, const json_t *r)
{
	const json_t *t = js_path(r, "phases.train.tasks");
	double most = 0;
	size_t n = json_array_size(t);

	if (!n)
		return;
	for (size_t i = 0; i < n; i++)
		most = fmax(most, js_num(js_get(json_array_get(t, i), "seconds"), 0));
	sb_adds(s, "<section id=\"tasks\"><h2>Training tasks</h2>\n");
	sb_addf(s, "<svg class=\"chart\" width=\"780\" height=\"%zu\">\n", n * 20 + 10);
	for (size_t i = 0; i < n; i++) {
		const json_t *k = json_array_get(t, i);
		const char *st = js_str(js_get(k, "status"), "?");
		double w = most > 0 ? js_num(js_get(k, "seconds"), 0) / most * 480 : 0;

		sb_addf(s, "<text x=\"150\" y=\"%zu\" text-anchor=\"end\" font-size=\"12\">", i * 20 + 19);
		sb_add_escaped(s, js_str(js_get(k, "name"), "?"));
		sb_addf(s, "</text><rect class=\"task\" x=\"160\" y=\"%zu\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>",
			i * 20 + 7, w > 0.5 ? w : 0.5, strcmp(st, "ok") ? "#d64545" : "#3bb07a");
		sb_addf(s, "<text x=\"%.1f\" y=\"%zu\" font-size=\"11\">%.1f s ", 166 + w, i * 20 + 19,
			js_num(js_get(k, "seconds"), 0));
		sb_add_escaped(s, st);
		sb_adds(s, "</text>\n");
	}
	sb_adds(s, "</svg></section>\n");
}

/* How much of the build the profile reached. */
static void coverage(struct strbuf *s, const json_t *r)
{
	const json_t *c = js_get(r, "coverage"), *o = js_path(r, "phases.optimize");
	double with = js_num(js_get(c, "with_profile"), 0), all = js_num(js_get(c, "objects"), 0);

	sb_adds(s, "<section id=\"coverage\"><h2>Profile coverage</h2>\n");
	if (js_get(c, "with_profile") && all > 0) {
		sb_addf(s, "<p>%.0f of %.0f objects with profile data</p>\n", with, all);
		sb_addf(s, "<svg class=\"chart\" width=\"500\" height=\"24\"><rect x=\"0\" y=\"4\" width=\"480\" "
			"height=\"16\" fill=\"#e4e7eb\"/><rect class=\"covered\" x=\"0\" y=\"4\" width=\"%.1f\" "
			"height=\"16\" fill=\"#3b7dd8\"/></svg>\n", with / all * 480);
	} else if (js_get(c, "functions_with_profile")) {
		sb_addf(s, "<p>%.0f functions in the profile</p>\n", js_num(js_get(c, "functions_with_profile"), 0));
	} else {
		sb_adds(s, "<p>no profile data recorded</p>\n");
	}
	if (o && js_get(o, "pgo") && !js_num(js_get(o, "pgo"), 0))
		sb_adds(s, "<p class=\"bad\">the final build is not profile-guided</p>\n");
	sb_adds(s, "</section>\n");
}

static void bolt(struct strbuf *s, const json_t *r)
{
	const json_t *b = js_path(r, "phases.bolt");

	sb_adds(s, "<section id=\"bolt\"><h2>BOLT</h2>\n<p>");
	if (!b) {
		sb_adds(s, "not run");
	} else {
		sb_adds(s, "<b>");
		sb_add_escaped(s, js_str(js_get(b, "outcome"), "?"));
		sb_adds(s, "</b>");
		if (js_get(b, "why")) {
			sb_adds(s, ": ");
			sb_add_escaped(s, js_str(js_get(b, "why"), ""));
		}
		if (js_get(b, "llvm_bolt")) {
			sb_adds(s, " (");
			sb_add_escaped(s, js_str(js_get(b, "llvm_bolt"), ""));
			sb_adds(s, ")");
		}
	}
	sb_adds(s, "</p></section>\n");
}

static void list(struct strbuf *s, const char *title, const json_t *arr)
{
	if (!json_array_size(arr))
		return;
	sb_adds(s, "<h3>");
	sb_add_escaped(s, title);
	sb_adds(s, "</h3><ul>\n");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		sb_adds(s, "<li>");
		sb_add_escaped(s, js_str(json_array_get(arr, i), "?"));
		sb_adds(s, "</li>\n");
	}
	sb_adds(s, "</ul>\n");
}

static void decisions(struct strbuf *s, const json_t *r)
{
	sb_adds(s, "<section id=\"decisions\"><h2>Decisions</h2>\n");
	if (js_get(r, "compiler_choice")) {
		sb_adds(s, "<h3>compiler</h3><p>");
		sb_add_escaped(s, js_str(js_path(r, "compiler_choice.cc"), "?"));
		sb_adds(s, ": ");
		sb_add_escaped(s, js_str(js_path(r, "compiler_choice.why"), ""));
		sb_adds(s, "</p>\n");
	}
	list(s, "LTO", js_path(r, "toolchain.lto.reasons"));
	list(s, "PGO", js_path(r, "toolchain.pgo.reasons"));
	list(s, "notes", js_get(r, "notes"));
	list(s, "warnings", js_get(r, "warnings"));
	sb_adds(s, "</section>\n");
}

static const char *const chart_colors[] = { "#3b7dd8", "#d8873b", "#3bb07a", "#b03b8c", "#777777" };

/* The ratios' span: at least 0.8..1.2, every interval inside. */
static void chart_span(const json_t *bench, double *lo, double *hi)
{
	const json_t *bs = js_get(bench, "benchmarks");

	*lo = 0.8;
	*hi = 1.2;
	for (size_t i = 0; i <= json_array_size(bs); i++) {
		const json_t *sp = i < json_array_size(bs) ? js_get(json_array_get(bs, i), "speed")
			: js_get(bench, "geometric_mean");

		for (size_t c = 0; c < json_array_size(sp); c++) {
			*lo = fmin(*lo, js_num(js_get(json_array_get(sp, c), "ci_low"), 1));
			*hi = fmax(*hi, js_num(js_get(json_array_get(sp, c), "ci_high"), 1));
		}
	}
	*lo = fmax(0, *lo - 0.05);
	*hi += 0.05;
}

char *speed_chart_svg(const json_t *bench)
{
	const json_t *bs = js_get(bench, "benchmarks"), *geo = js_get(bench, "geometric_mean"),
		     *ips = js_get(bench, "interpreters");
	size_t ncand = json_array_size(geo), y = 40, rows = 0;
	struct strbuf s = STRBUF_INIT;
	double lo, hi;

	chart_span(bench, &lo, &hi);
	for (size_t i = 0; i < json_array_size(bs); i++)
		rows += json_array_size(js_get(json_array_get(bs, i), "speed")) ? ncand : 0;
	rows += ncand;
#define X(v) (170 + ((v) - lo) / (hi - lo) * 500)
	sb_addf(&s, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"760\" height=\"%zu\" "
		"font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" "
		"fill=\"white\"/>\n<text x=\"10\" y=\"20\" font-size=\"14\">Speed against ",
		y + rows * 20 + (json_array_size(bs) + 1) * 6 + 20 + ncand * 16);
	sb_add_escaped(&s, js_str(js_get(json_array_get(ips, 0), "path"), "?"));
	sb_addf(&s, "; &gt;1 is faster; %.0f runs; lines: 95%% interval</text>\n", js_num(js_get(bench, "runs"), 0));
	for (size_t i = 0; i <= json_array_size(bs); i++) {
		int last = i == json_array_size(bs);
		const json_t *b = last ? NULL : json_array_get(bs, i);
		const json_t *sp = last ? geo : js_get(b, "speed");

		if (!json_array_size(sp))
			continue; /* a failed benchmark has no figures */
		sb_addf(&s, "<text x=\"160\" y=\"%zu\" text-anchor=\"end\"%s>", y + 12,
			last ? " font-weight=\"bold\"" : "");
		sb_add_escaped(&s, last ? "geometric mean" : js_str(js_get(b, "name"), "?"));
		sb_adds(&s, "</text>\n");
		for (size_t c = 0; c < json_array_size(sp); c++, y += 20) {
			const json_t *v = json_array_get(sp, c);
			double ratio = js_num(js_get(v, "ratio"), 1);

			sb_addf(&s, "<rect class=\"speed\" x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"14\" "
				"fill=\"%s\"/>", X(fmin(1, ratio)), y + 2, fmax(0.5, fabs(X(ratio) - X(1))),
				chart_colors[c % 5]);
			sb_addf(&s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%zu\" y2=\"%zu\" stroke=\"black\"/>",
				X(js_num(js_get(v, "ci_low"), ratio)), X(js_num(js_get(v, "ci_high"), ratio)), y + 9, y + 9);
			sb_addf(&s, "<text x=\"%.1f\" y=\"%zu\" font-size=\"11\">%.3f</text>\n",
				X(fmax(1, js_num(js_get(v, "ci_high"), ratio))) + 4, y + 14, ratio);
		}
		y += 6;
	}
	sb_addf(&s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"36\" y2=\"%zu\" stroke=\"#444\" stroke-dasharray=\"4\"/>\n",
		X(1), X(1), y);
	for (size_t c = 1; c < json_array_size(ips); c++) {
		sb_addf(&s, "<rect x=\"10\" y=\"%zu\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"26\" "
			"y=\"%zu\">[%zu] ", y + 8 + (c - 1) * 16, chart_colors[(c - 1) % 5], y + 17 + (c - 1) * 16, c);
		sb_add_escaped(&s, js_str(js_get(json_array_get(ips, c), "path"), "?"));
		sb_adds(&s, " (");
		sb_add_escaped(&s, js_str(js_get(json_array_get(ips, c), "version"), "?"));
		sb_adds(&s, ")</text>\n");
	}
	sb_adds(&s, "</svg>\n");
#undef X
	return sb_detach(&s);
}

/* The speed of each candidate against the base, per program, with its
 * interval, from `optpy bench --json`: the chart `optpy bench --svg` draws. */
static void speed(struct strbuf *s, const json_t *bench)
{
	char *svg = speed_chart_svg(bench);

	sb_adds(s, "<section id=\"speed\"><h2>Speed against the base</h2>\n<p>base: ");
	sb_add_escaped(s, js_str(js_get(json_array_get(js_get(bench, "interpreters"), 0), "path"), "?"));
	sb_adds(s, "; bars from 1.0 to the ratio, lines the 95% interval; &gt;1 is faster</p>\n");
	sb_adds(s, svg);
	sb_adds(s, "</section>\n");
	free(svg);
}

static const char style[] =
	"body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#1f2933}"
	"h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #cbd2d9;margin-top:1.6em}"
	"h3{font-size:1em;margin-bottom:.2em}table{border-collapse:collapse}"
	"th,td{text-align:left;padding:2px 10px 2px 0;vertical-align:top}td.num{text-align:right}"
	".bad{color:#b42318}.dot{display:inline-block;width:10px;height:10px;margin-right:6px}"
	"li{margin:.2em 0}svg.chart{font-family:sans-serif;display:block}";

char *report_html(const json_t *r, const json_t *bench)
{
	struct strbuf s = STRBUF_INIT;

	sb_adds(&s, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>optpy: CPython ");
	sb_add_escaped(&s, js_str(js_get(r, "python_version"), "?"));
	sb_addf(&s, "</title>\n<style>%s</style></head><body>\n<h1>optpy: CPython ", style);
	sb_add_escaped(&s, js_str(js_get(r, "python_version"), "?"));
	sb_adds(&s, " (");
	sb_add_escaped(&s, js_str(js_get(r, "build_dir"), "?"));
	sb_adds(&s, ")</h1>\n");
	summary(&s, r);
	timeline(&s, r);
	farm(&s, r);
	tasks(&s, r);
	coverage(&s, r);
	bolt(&s, r);
	decisions(&s, r);
	if (bench)
		speed(&s, bench);
	sb_adds(&s, "</body></html>\n");
	return sb_detach(&s);
}

/* Markdown: no '|' or newline inside a table cell. */
static void md_cell(struct strbuf *s, const char *t)
{
	for (; t && *t; t++)
		sb_adds(s, *t == '|' ? "\\|" : *t == '\n' ? " " : (char[]){ *t, 0 });
}

char *report_markdown(const json_t *r)
{
	struct strbuf s = STRBUF_INIT;
	const json_t *ph = js_get(r, "phases"), *o = js_path(r, "phases.optimize");

	sb_adds(&s, "### optpy: CPython ");
	md_cell(&s, js_str(js_get(r, "python_version"), "?"));
	sb_adds(&s, ": ");
	md_cell(&s, js_str(js_get(r, "status"), "?"));
	sb_addf(&s, " in %.0f s\n\n", js_num(js_get(r, "total_seconds"), 0));
	if (js_get(r, "failure")) {
		sb_adds(&s, "**failed in ");
		md_cell(&s, js_str(js_path(r, "failure.phase"), "?"));
		sb_adds(&s, "**: ");
		md_cell(&s, js_str(js_path(r, "failure.message"), "?"));
		sb_adds(&s, "\n\n");
	}
	sb_adds(&s, "| | |\n|---|---|\n| compiler | ");
	md_cell(&s, js_str(js_path(r, "toolchain.compiler.cc"), "?"));
	sb_adds(&s, " ");
	md_cell(&s, js_str(js_path(r, "toolchain.compiler.version"), ""));
	sb_adds(&s, " |\n| LTO | ");
	md_cell(&s, js_str(js_path(r, "toolchain.lto.mode"), "?"));
	sb_addf(&s, " |\n| PGO | %s |\n| BOLT | ", !o || !js_get(o, "pgo") ? "no final build yet"
		: js_num(js_get(o, "pgo"), 0) ? "yes" : "**NO**");
	md_cell(&s, js_str(js_path(r, "phases.bolt.outcome"), "not run"));
	sb_adds(&s, " |\n\n| phase | status | seconds |\n|---|---|---:|\n");
	for (int i = 0; i < PH_N; i++) {
		const json_t *p = js_get(ph, phase_name((enum phase)i));

		if (!p)
			continue;
		sb_addf(&s, "| %s | ", phase_name((enum phase)i));
		md_cell(&s, js_str(js_get(p, "status"), "?"));
		sb_addf(&s, " | %.1f |\n", js_num(js_get(p, "seconds"), 0));
	}
	for (size_t i = 0; i < json_array_size(js_get(r, "warnings")); i++) {
		sb_adds(&s, i ? "\n- " : "\n**warnings**\n\n- ");
		md_cell(&s, js_str(json_array_get(js_get(r, "warnings"), i), "?"));
	}
	sb_adds(&s, "\n");
	return sb_detach(&s);
}
