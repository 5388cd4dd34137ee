/* report_page.h - report.json for people who do not read JSON: one
 * self-contained HTML page (inline SVG, no script, nothing fetched from a
 * network) and a Markdown summary (a CI job's summary). */
#ifndef OPTPY_REPORT_PAGE_H
#define OPTPY_REPORT_PAGE_H

#include <jansson.h>

/* The page (malloc'd): the phase timeline, the training tasks, the profile
 * coverage, BOLT's outcome, the decisions with their reasons, warnings,
 * and when bench is not NULL (`optpy bench --json` output) the speed
 * chart with its intervals.  Every string from the report is escaped. */
char *report_html(const json_t *report, const json_t *bench);
/* The speed chart alone, a standalone SVG document (malloc'd), from
 * `optpy bench --json` output: a bar from 1.0 to each candidate's ratio
 * per program and for the geometric mean, its 95% interval, a legend.
 * The page's speed section and `optpy bench --svg` draw this one. */
char *speed_chart_svg(const json_t *bench);
/* A short Markdown summary (malloc'd): status, compiler, LTO/PGO/BOLT, a
 * table of the phases and their times, warnings. */
char *report_markdown(const json_t *report);

#endif
