/* test_plan.c - the resume decision and the options fingerprint. */
#include <stdlib.h>
#include "plan.h"
#include "t.h"

#define DONE_UPTO(p) ((1u << (p)) - 1) /* stamps of every phase before p */

static struct plan plan(unsigned done, enum obj_state obj, int from, int until, int changed, int src)
{
	struct plan_in in = { done, obj, from, until, 0, changed, src, 0 };
	struct plan p;

	plan_build(&in, &p);
	return p;
}

static void resume(void)
{
	struct plan p;

	p = plan(0, OBJ_NONE, -1, -1, PH_N, 0);
	CHECK_INT(p.start, PH_INSPECT);
	CHECK_INT(p.last, PH_VERIFY);
	plan_free(&p);
	/* an interrupted build resumes at the first unfinished phase */
	p = plan(DONE_UPTO(PH_TRAIN), OBJ_INSTRUMENTED, -1, -1, PH_N, 0);
	CHECK_INT(p.start, PH_TRAIN);
	CHECK_INT(p.refuse, 0);
	plan_free(&p);
	/* --from never skips an unfinished phase */
	p = plan(DONE_UPTO(PH_TRAIN), OBJ_INSTRUMENTED, PH_VERIFY, -1, PH_N, 0);
	CHECK_INT(p.start, PH_TRAIN);
	CHECK_INT(p.why.n, 1);
	plan_free(&p);
	/* --from train after optimize needs the instrumented build back */
	p = plan(DONE_UPTO(PH_N), OBJ_OPTIMIZED, PH_TRAIN, -1, PH_N, 0);
	CHECK_INT(p.start, PH_INSTRUMENT);
	plan_free(&p);
	/* --from optimize on a half-done final build starts it clean */
	p = plan(DONE_UPTO(PH_OPTIMIZE), OBJ_OPTIMIZING, PH_OPTIMIZE, -1, PH_N, 0);
	CHECK_INT(p.reset_optimizing, 1);
	plan_free(&p);
	p = plan(DONE_UPTO(PH_OPTIMIZE), OBJ_OPTIMIZING, -1, -1, PH_N, 0);
	CHECK_INT(p.reset_optimizing, 0);
	CHECK_INT(p.start, PH_OPTIMIZE);
	plan_free(&p);
	/* --until and --install bound the end */
	p = plan(0, OBJ_NONE, -1, PH_CONFIGURE, PH_N, 0);
	CHECK_INT(p.last, PH_CONFIGURE);
	plan_free(&p);
	{
		struct plan_in in = { 0, OBJ_NONE, -1, -1, 1, PH_N, 0, 0 };

		plan_build(&in, &p);
		CHECK_INT(p.last, PH_INSTALL);
		plan_free(&p);
	}
}

static void changes(void)
{
	struct plan p;

	/* options that change code, no --from: refused, never mixed */
	p = plan(DONE_UPTO(PH_N), OBJ_OPTIMIZED, -1, -1, PH_OPTIMIZE, 0);
	CHECK_INT(p.refuse, 1);
	plan_free(&p);
	/* with --from verify, the change still redoes from optimize */
	p = plan(DONE_UPTO(PH_N), OBJ_OPTIMIZED, PH_VERIFY, -1, PH_OPTIMIZE, 0);
	CHECK_INT(p.refuse, 0);
	CHECK_INT(p.start, PH_OPTIMIZE);
	plan_free(&p);
	/* a changed compiler with --from optimize redoes configure */
	p = plan(DONE_UPTO(PH_N), OBJ_OPTIMIZED, PH_OPTIMIZE, -1, PH_CONFIGURE, 0);
	CHECK_INT(p.start, PH_CONFIGURE);
	plan_free(&p);
	/* a changed source redoes everything, unasked */
	p = plan(DONE_UPTO(PH_N), OBJ_OPTIMIZED, -1, -1, PH_INSPECT, 1);
	CHECK_INT(p.refuse, 0);
	CHECK_INT(p.start, PH_INSPECT);
	CHECK(p.why.n == 1 && strstr(p.why.v[0], "source") != NULL);
	plan_free(&p);
	/* a change to a phase that has not run yet mixes nothing */
	p = plan(DONE_UPTO(PH_TRAIN), OBJ_INSTRUMENTED, -1, -1, PH_OPTIMIZE, 0);
	CHECK_INT(p.refuse, 0);
	CHECK_INT(p.start, PH_TRAIN);
	plan_free(&p);
}

static void fingerprint(void)
{
	char *args1[] = { "a b", NULL }, *args2[] = { "a", "b", NULL };
	struct plan_opts o = { "/src", "gcc", NULL, NULL, NULL, NULL, NULL, args1, "on", "default",
			       "full", 0, "off", NULL };
	struct strbuf what = STRBUF_INIT;
	char *a = plan_options_json(&o), *b;

	o.configure_args = args2;
	b = plan_options_json(&o);
	CHECK(strcmp(a, b) != 0);
	CHECK_INT(plan_first_changed(a, b, &what), PH_CONFIGURE);
	CHECK(strstr(sb_str(&what), "configure_args") != NULL);
	free(b);
	sb_reset(&what);
	o.configure_args = args1;
	o.lto = "off";
	b = plan_options_json(&o);
	CHECK_INT(plan_first_changed(a, b, &what), PH_OPTIMIZE);
	CHECK(strstr(sb_str(&what), "lto: \"full\" -> \"off\"") != NULL);
	free(b);
	o.lto = "full";
	o.profile = "mine";
	o.verify_tests = "none";
	b = plan_options_json(&o);
	CHECK_INT(plan_first_changed(a, b, &what), PH_TRAIN);
	free(b);
	CHECK_INT(plan_first_changed(a, a, &what), PH_N);
	CHECK_INT(plan_first_changed(NULL, a, &what), PH_INSPECT);
	CHECK_INT(plan_first_changed("source=/x\ncc=gcc\n", a, &what), PH_INSPECT);
	free(a);
	sb_release(&what);
}

int main(void)
{
	resume();
	changes();
	fingerprint();
	return T_DONE();
}
