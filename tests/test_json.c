/* test_json.c - the JSON writer and reader round-trip; errors say where. */
#include <stdlib.h>
#include "json.h"
#include "t.h"

int main(void)
{
	struct jw w = { 0 };
	char *err = NULL, *text;
	json_t *v;

	jw_obj(&w, NULL);
	jw_str(&w, "name", "a \"quoted\"\nline\t\x01");
	jw_int(&w, "n", 42);
	jw_num(&w, "x", 1.5);
	jw_num(&w, "nan", 0.0 / 0.0);
	jw_bool(&w, "ok", 1);
	jw_null(&w, "none");
	jw_obj(&w, "phases");
	jw_obj(&w, "train");
	jw_num(&w, "seconds", 12.25);
	jw_end_obj(&w);
	jw_raw(&w, "stamp", "{\"status\": \"ok\", \"seconds\": 3}");
	jw_raw(&w, "garbled", "{not json");
	jw_end_obj(&w);
	jw_arr(&w, "list");
	jw_str(&w, NULL, "a");
	jw_int(&w, NULL, 2);
	jw_end_arr(&w);
	jw_arr(&w, "empty");
	jw_end_arr(&w);
	/* deeper than the old writer's fixed 32 levels */
	for (int i = 0; i < 40; i++)
		jw_arr(&w, i ? NULL : "deep");
	jw_int(&w, NULL, 7);
	for (int i = 0; i < 40; i++)
		jw_end_arr(&w);
	jw_end_obj(&w);
	text = jw_text(&w);

	v = js_parse(text, &err);
	CHECK(v != NULL);
	if (!v) {
		fprintf(stderr, "%s\n%s\n", err, text);
		return 1;
	}
	CHECK_STR(js_str(js_get(v, "name"), NULL), "a \"quoted\"\nline\t\x01");
	CHECK_NEAR(js_num(js_get(v, "n"), 0), 42, 0);
	CHECK(json_is_null(js_get(v, "nan")));
	CHECK_NEAR(js_num(js_path(v, "phases.train.seconds"), 0), 12.25, 1e-9);
	CHECK_NEAR(js_num(js_path(v, "phases.stamp.seconds"), 0), 3, 0);
	CHECK_STR(js_str(js_path(v, "phases.garbled"), NULL), "{not json");
	CHECK(js_path(v, "phases.nope.seconds") == NULL);
	CHECK_INT(json_array_size(js_get(v, "list")), 2);
	CHECK_INT(json_array_size(js_get(v, "empty")), 0);
	CHECK(json_is_null(js_get(v, "none")));
	CHECK_NEAR(js_num(js_get(v, "ok"), 0), 1, 0);
	{
		const json_t *d = js_get(v, "deep");
		int depth = 0;

		while (json_is_array(d) && json_array_size(d) == 1 && json_is_array(json_array_get(d, 0)))
			d = json_array_get(d, 0), depth++;
		CHECK_INT(depth, 39);
		CHECK_NEAR(js_num(json_array_get(d, 0), 0), 7, 0);
	}
	json_decref(v);
	free(text);
	jw_free(&w);

	CHECK(js_parse("{\"a\": }", &err) == NULL);
	CHECK(err && strstr(err, "line 1, column") != NULL);
	free(err);
	err = NULL;
	CHECK(js_parse("{\n  \"a\": 1,\n  \"b\": [1, 2\n}", &err) == NULL);
	CHECK(err && strstr(err, "line 4") != NULL);
	free(err);
	CHECK(js_parse("{\"a\": 1} x", NULL) == NULL);
	CHECK(js_parse("{\"a\": 1, \"a\": 2}", NULL) == NULL);
	v = js_parse("\"\\u00e9\"", NULL);
	CHECK_STR(js_str(v, NULL), "\xc3\xa9");
	json_decref(v);
	return T_DONE();
}
