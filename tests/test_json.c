/* test_json.c - the JSON writer and reader round-trip. */
#include <stdlib.h>
#include "json.h"
#include "t.h"

int main(void)
{
	struct jw w = { 0 };
	const char *err = NULL;
	struct jv *v;

	jw_obj(&w, NULL);
	jw_str(&w, "name", "a \"quoted\"\nline\t\x01");
	jw_int(&w, "n", 42);
	jw_num(&w, "x", 1.5);
	jw_bool(&w, "ok", 1);
	jw_null(&w, "none");
	jw_obj(&w, "phases");
	jw_obj(&w, "train");
	jw_num(&w, "seconds", 12.25);
	jw_end_obj(&w);
	jw_end_obj(&w);
	jw_arr(&w, "list");
	jw_str(&w, NULL, "a");
	jw_int(&w, NULL, 2);
	jw_end_arr(&w);
	jw_arr(&w, "empty");
	jw_end_arr(&w);
	jw_end_obj(&w);

	v = json_parse(sb_str(&w.sb), &err);
	CHECK(v != NULL);
	if (!v) {
		fprintf(stderr, "%s\n%s\n", err, sb_str(&w.sb));
		return 1;
	}
	CHECK_STR(json_str(json_get(v, "name"), NULL), "a \"quoted\"\nline\t\x01");
	CHECK_NEAR(json_num(json_get(v, "n"), 0), 42, 0);
	CHECK_NEAR(json_num(json_path(v, "phases.train.seconds"), 0), 12.25, 1e-9);
	CHECK(json_path(v, "phases.nope.seconds") == NULL);
	CHECK_INT(json_get(v, "list")->n, 2);
	CHECK_INT(json_get(v, "empty")->n, 0);
	CHECK_INT(json_get(v, "none")->type, J_NULL);
	CHECK_INT(json_get(v, "ok")->type, J_BOOL);
	json_free(v);

	CHECK(json_parse("{\"a\": }", &err) == NULL);
	CHECK(json_parse("[1, 2", &err) == NULL);
	CHECK(json_parse("{\"a\": 1} x", &err) == NULL);
	CHECK(json_parse("\"\\u00e9\"", &err) != NULL);
	sb_release(&w.sb);
	return T_DONE();
}
