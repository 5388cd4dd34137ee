/* farm.c - compile farms that know the phases (see farm.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "farm.h"
#include "phase.h"

static enum farm_kind kind_of(const char *word)
{
	const char *base = word ? path_base(word) : "";

	if (!strcmp(base, "distcc"))
		return FARM_DISTCC;
	if (!strcmp(base, "icecc"))
		return FARM_ICECC;
	return FARM_NONE;
}

enum farm_kind farm_kind(const struct toolchain *tc)
{
	enum farm_kind k = kind_of(tc->launcher);

	if (k == FARM_NONE && uses_ccache(tc)) {
		/* ccache runs CCACHE_PREFIX's program in front of the compiler */
		const char *prefix = env_get(tc->env, "CCACHE_PREFIX");
		char *copy = prefix ? xstrdup(prefix) : NULL;
		char *word = copy ? strtok(copy, " \t") : NULL;

		k = kind_of(word);
		free(copy);
	}
	return k;
}

/* Each enum farm_where: its key in the stamp's "local_why", and its words. */
static const struct {
	const char *key, *text;
} where_tab[FW_N] = {
	[FW_REMOTE] = { "remote", "on the farm" },
	[FW_BOUNCED] = { "bounced", "sent to the farm, failed there, run again here" },
	[FW_PROFILE_RULE] = { "profile_rule", "distcc keeps gcc's profile compiles local" },
	[FW_NOT_COMPILE] = { "not_compile", "a link or preprocess, not a compile distcc sends" },
	[FW_HOST_LIST] = { "host_list", "distcc's host list chose this machine" },
	[FW_NO_HOST] = { "no_host", "distcc reached no farm host (none listed, refused, or backed off after failures)" },
	[FW_OPTPY] = { "optpy_local", "it reads the profile, which farm hosts do not have (optpy's choice)" },
};

const char *farm_where_text(enum farm_where w)
{
	if ((unsigned)w >= FW_N)
		BUG("farm_where %d", (int)w);
	return where_tab[w].text;
}

const char *farm_why_text(const char *key)
{
	for (int w = 0; w < FW_N; w++)
		if (!strcmp(where_tab[w].key, key))
			return where_tab[w].text;
	return key;
}

/* ---- reading a distcc client log ---- */

/* One distcc process between its first line and its outcome. */
struct pending {
	long pid;              /* distcc[PID] */
	int profile_rule;      /* said "must be local" for profile info */
	int not_compile;       /* dcc_scan_args gave another reason to stay here */
	int bounced;           /* a farm host failed the compile */
	int no_host;           /* distcc reached no farm host for it */
};

static struct pending *find_pending(struct pending **v, size_t *n, size_t *cap, long pid)
{
	for (size_t i = *n; i-- > 0;)
		if ((*v)[i].pid == pid)
			return &(*v)[i];
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].pid = pid;
	return &(*v)[(*n)++];
}

static void drop_pending(struct pending *v, size_t *n, struct pending *p)
{
	*p = v[--*n];
}

static enum farm_where local_reason(const struct pending *p)
{
	if (p->bounced)
		return FW_BOUNCED;
	if (p->profile_rule)
		return FW_PROFILE_RULE;
	if (p->no_host)
		return FW_NO_HOST;
	if (p->not_compile)
		return FW_NOT_COMPILE;
	return FW_HOST_LIST;
}

/* "compile FILE on HOST completed ok" / "ERROR: compile FILE on HOST
 * failed": 1 and the host's length at *host, or 0 for another line. */
static int outcome_line(const char *msg, const char **host, size_t *hostlen, int *ok)
{
	const char *on, *end;

	if (startswith(msg, "ERROR: "))
		msg += 7;
	if (!startswith(msg, "compile ") || !(on = strstr(msg, " on ")))
		return 0;
	on += 4;
	end = on + strcspn(on, " \n");
	if (startswith(end, " completed ok"))
		*ok = 1;
	else if (startswith(end, " failed"))
		*ok = 0;
	else
		return 0;
	*host = on;
	*hostlen = (size_t)(end - on);
	return 1;
}

static void tally_line(const char *line, struct pending **v, size_t *n, size_t *cap, struct farm_tally *t)
{
	const char *msg, *host;
	size_t hostlen;
	long pid;
	char *end;
	int ok;
	struct pending *p;

	if (!startswith(line, "distcc["))
		return;
	pid = strtol(line + 7, &end, 10);
	if (end == line + 7 || strncmp(end, "] ", 2))
		return;
	msg = end + 2;
	p = find_pending(v, n, cap, pid);
	if (startswith(msg, "(dcc_scan_args) ")) {
		if (strstr(msg, "profile info") && strstr(msg, "must be local"))
			p->profile_rule = 1;
		else
			p->not_compile = 1;
	} else if (strstr(msg, "failed to distribute")) {
		/* "Warning: failed to distribute FILE to HOST, running locally
		 * instead" after a host failed the compile (bounced, below) or
		 * could not be reached; "(dcc_build_somewhere) Warning: ..."
		 * alone when no host took it (none listed, or all backed off) */
		if (!p->bounced)
			p->no_host = 1;
	} else if (outcome_line(msg, &host, &hostlen, &ok)) {
		if (hostlen == 9 && !strncmp(host, "localhost", 9))
			t->n[local_reason(p)]++;
		else if (ok)
			t->n[FW_REMOTE]++;
		else {
			p->bounced = 1; /* the local run, if any, ends it */
			return;
		}
		drop_pending(*v, n, p);
	}
}

void farm_tally_log(const char *text, struct farm_tally *t)
{
	struct pending *v = NULL;
	size_t n = 0, cap = 0;

	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		char *one = xstrndup(line, nl ? (size_t)(nl - line) : strlen(line));

		tally_line(one, &v, &n, &cap, t);
		free(one);
		line = nl ? nl + 1 : NULL;
	}
	/* sent out and failed, with no local run after it (DISTCC_FALLBACK=0) */
	for (size_t i = 0; i < n; i++)
		if (v[i].bounced)
			t->n[FW_BOUNCED]++;
	free(v);
	t->counted = 1;
}

/* ---- around each make ---- */

enum { FARM_LOG_MAX = 256 << 20 }; /* bytes of a distcc log optpy reads */

static char *farm_log_path(const struct build *b)
{
	return xasprintf("%s/distcc-%s.log", b->logs, phase_name(b->current));
}

/* The final build and install of a PGO build read the profile. */
static int reads_profile(const struct build *b)
{
	return b->pgo && (b->current == PH_OPTIMIZE || b->current == PH_INSTALL);
}

/* CC without its launcher, as configure was given it otherwise. */
static void cc_without_launcher(const struct build *b, struct strvec *vars)
{
	struct strvec words = { 0 };
	struct strbuf cc = STRBUF_INIT;

	cc_words(&b->tc, &words);
	for (size_t i = 0; i < words.n; i++)
		sb_addf(&cc, "%s%s", i ? " " : "", words.v[i]);
	sv_pushf(vars, "CC=%s", sb_str(&cc));
	sb_release(&cc);
	sv_clear(&words);
}

int farm_make_begin(struct build *b, struct strvec *vars, struct strvec *env, long *objects_before)
{
	enum farm_kind k = farm_kind(&b->tc);
	char *log;
	int fd;

	*objects_before = 0;
	if (k == FARM_NONE)
		return 0;
	if (reads_profile(b)) {
		if (uses_ccache(&b->tc))
			sv_push(env, "CCACHE_PREFIX"); /* unset: ccache runs the compiler here */
		else
			cc_without_launcher(b, vars);
		*objects_before = build_count_objects(b);
		return 0;
	}
	if (k != FARM_DISTCC)
		return 0;
	log = farm_log_path(b);
	if (!b->farm.used) {
		/* the phase's first make: a new log (a link planted there goes, its
		 * target is not written) */
		if (unlink(log) < 0 && errno != ENOENT) {
			free(log);
			return -1;
		}
		fd = open(log, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0) {
			free(log);
			return -1;
		}
		close(fd);
	}
	sv_pushf(env, "DISTCC_LOG=%s", log);
	free(log);
	return 0;
}

void farm_make_end(struct build *b, long objects_before)
{
	enum farm_kind k = farm_kind(&b->tc);
	long bounced = b->farm.n[FW_BOUNCED], no_host = b->farm.n[FW_NO_HOST];
	char *log, *text;
	struct stat st;

	if (k == FARM_NONE)
		return;
	b->farm.used = 1;
	if (reads_profile(b)) {
		long made = build_count_objects(b) - objects_before;

		b->farm.n[FW_OPTPY] += made > 0 ? made : 0;
		b->farm.counted = 1;
		return;
	}
	if (k != FARM_DISTCC)
		return;
	/* the log holds every make of this phase so far: count it anew */
	log = farm_log_path(b);
	/* DISTCC_VERBOSE=1 writes some 40 lines a compile: a CPython build's
	 * log stays far below this; past it, the phase is not counted */
	if (stat(log, &st) == 0 && st.st_size > FARM_LOG_MAX) {
		if (!b->farm.too_big)
			build_warn(b, "%s is over %d MiB: this phase's compiles are not counted",
				   build_relpath(b, log), FARM_LOG_MAX >> 20);
		b->farm.too_big = 1;
		b->farm.counted = 0;
		free(log);
		return;
	}
	text = read_file_flags(log, NULL, O_NOFOLLOW);
	memset(b->farm.n, 0, sizeof(b->farm.n));
	if (text)
		farm_tally_log(text, &b->farm);
	if (b->farm.n[FW_BOUNCED] > bounced)
		build_warn(b, "%ld compiles were sent to the farm, failed there and ran again here "
			   "(%s): check that the farm hosts have the compiler",
			   b->farm.n[FW_BOUNCED] - bounced, build_relpath(b, log));
	if (b->farm.n[FW_NO_HOST] > no_host)
		build_warn(b, "%ld compiles ran here: distcc reached no farm host for them (%s): "
			   "check DISTCC_HOSTS, and that the hosts answer (distcc backs off a host that failed)",
			   b->farm.n[FW_NO_HOST] - no_host, build_relpath(b, log));
	free(text);
	free(log);
}

void farm_record(struct build *b)
{
	enum farm_kind k = farm_kind(&b->tc);

	if (!b->farm.used)
		return;
	jw_obj(&b->res, "farm");
	jw_str(&b->res, "launcher", k == FARM_DISTCC ? "distcc" : "icecc");
	jw_bool(&b->res, "counted", b->farm.counted);
	if (b->farm.counted) {
		long here = 0;

		for (int w = FW_REMOTE + 1; w < FW_N; w++)
			here += b->farm.n[w];
		jw_int(&b->res, "remote", b->farm.n[FW_REMOTE]);
		jw_int(&b->res, "local", here);
		jw_obj(&b->res, "local_why");
		for (int w = FW_REMOTE + 1; w < FW_N; w++)
			if (b->farm.n[w])
				jw_int(&b->res, where_tab[w].key, b->farm.n[w]);
		jw_end_obj(&b->res);
	}
	if (reads_profile(b))
		jw_str(&b->res, "why", farm_where_text(FW_OPTPY));
	jw_end_obj(&b->res);
}
