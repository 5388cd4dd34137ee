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

/* Options texts as build_options_record writes them: each key redoes
 * the phase options.c's table names. */
static void fingerprint(void)
{
	const char *a = "{\"source\": \"/src\", \"compiler\": \"gcc\", \"configure_args\": [\"a b\"], "
			"\"pgo\": \"on\", \"profile\": \"default\", \"lto\": \"full\", "
			"\"fat_lto_objects\": false, \"bolt\": \"off\", \"verify_tests\": null}";
	struct strbuf what = STRBUF_INIT;

	CHECK_INT(plan_first_changed(a, "{\"source\": \"/src\", \"compiler\": \"gcc\", "
		  "\"configure_args\": [\"a\", \"b\"], \"pgo\": \"on\", \"profile\": \"default\", "
		  "\"lto\": \"full\", \"fat_lto_objects\": false, \"bolt\": \"off\", "
		  "\"verify_tests\": null}", &what), PH_CONFIGURE);
	CHECK(strstr(sb_str(&what), "configure_args") != NULL);
	sb_reset(&what);
	CHECK_INT(plan_first_changed(a, "{\"source\": \"/src\", \"compiler\": \"gcc\", "
		  "\"configure_args\": [\"a b\"], \"pgo\": \"on\", \"profile\": \"default\", "
		  "\"lto\": \"off\", \"fat_lto_objects\": false, \"bolt\": \"off\", "
		  "\"verify_tests\": null}", &what), PH_OPTIMIZE);
	CHECK(strstr(sb_str(&what), "lto: \"full\" -> \"off\"") != NULL);
	sb_reset(&what);
	/* two changes: the earlier phase wins, both are said */
	CHECK_INT(plan_first_changed(a, "{\"source\": \"/src\", \"compiler\": \"gcc\", "
		  "\"configure_args\": [\"a b\"], \"pgo\": \"on\", \"profile\": \"mine\", "
		  "\"lto\": \"full\", \"fat_lto_objects\": false, \"bolt\": \"off\", "
		  "\"verify_tests\": \"none\"}", &what), PH_TRAIN);
	CHECK(strstr(sb_str(&what), "verify_tests") != NULL && strstr(sb_str(&what), "profile") != NULL);
	sb_reset(&what);
	/* a key an older optpy did not record equals null; one no row knows redoes all */
	CHECK_INT(plan_first_changed(a, "{\"source\": \"/src\", \"compiler\": \"gcc\", "
		  "\"configure_args\": [\"a b\"], \"pgo\": \"on\", \"profile\": \"default\", "
		  "\"lto\": \"full\", \"fat_lto_objects\": false, \"bolt\": \"off\", "
		  "\"verify_tests\": null, \"cpu_level\": null}", &what), PH_N);
	CHECK_INT(plan_first_changed(a, "{\"source\": \"/src\", \"compiler\": \"gcc\", "
		  "\"configure_args\": [\"a b\"], \"pgo\": \"on\", \"profile\": \"default\", "
		  "\"lto\": \"full\", \"fat_lto_objects\": false, \"bolt\": \"off\", "
		  "\"verify_tests\": null, \"from_the_future\": 1}", &what), PH_INSPECT);
	/* a key dropped since: said, and its phase redone */
	sb_reset(&what);
	CHECK_INT(plan_first_changed(a, "{\"source\": \"/src\", \"compiler\": \"gcc\", "
		  "\"configure_args\": [\"a b\"], \"pgo\": \"on\", \"profile\": \"default\", "
		  "\"lto\": \"full\", \"bolt\": \"off\", \"verify_tests\": null}", &what), PH_OPTIMIZE);
	CHECK(strstr(sb_str(&what), "fat_lto_objects: false -> (none)") != NULL);
	CHECK_INT(plan_first_changed(a, a, &what), PH_N);
	CHECK_INT(plan_first_changed(NULL, a, &what), PH_INSPECT);
	CHECK_INT(plan_first_changed("source=/x\ncc=gcc\n", a, &what), PH_INSPECT);
	sb_release(&what);
}

int main(void)
{
	resume();
	changes();
	fingerprint();
	return T_DONE();
}
