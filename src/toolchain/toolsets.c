/* toolsets.c - every compiler and LLVM tool set on the machine (see toolsets.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "toolsets.h"

/* The LLVM tools a set is made of: the versioned name's stem and the
 * member it fills. */
static const struct {
	const char *name;
	size_t off;
} tools[] = {
	{ "clang", offsetof(struct llvm_set, clang) },
	{ "llvm-profdata", offsetof(struct llvm_set, profdata) },
	{ "llvm-bolt", offsetof(struct llvm_set, bolt) },
	{ "merge-fdata", offsetof(struct llvm_set, merge_fdata) },
	{ "ld.lld", offsetof(struct llvm_set, lld) },
	{ "llvm-readobj", offsetof(struct llvm_set, readobj) },
};
#define NTOOLS (sizeof(tools) / sizeof(tools[0]))

/* "NAME-N" with N a whole number of 1-3 digits: N, else -1. */
static int versioned(const char *entry, const char *stem)
{
	size_t n = strlen(stem);
	long v;

	if (strncmp(entry, stem, n) || entry[n] != '-' || strlen(entry + n + 1) > 3 ||
	    num_whole(entry + n + 1, 1, 999, &v) < 0)
		return -1;
	return (int)v;
}

static struct llvm_set *set_for(struct toolsets *t, int major)
{
	for (int i = 0; i < t->nllvm; i++)
		if (t->llvm[i].major == major)
			return &t->llvm[i];
	t->llvm = xrealloc(t->llvm, (size_t)(t->nllvm + 1) * sizeof(*t->llvm));
	memset(&t->llvm[t->nllvm], 0, sizeof(*t->llvm));
	t->llvm[t->nllvm].major = major;
	return &t->llvm[t->nllvm++];
}

static char **slot(struct llvm_set *s, size_t i)
{
	return (char **)((char *)s + tools[i].off);
}

/* A compiler name, once (the first directory on PATH wins). */
static void add_cc(struct toolsets *t, const char *name, enum family fam)
{
	for (int i = 0; i < t->ncc; i++)
		if (!strcmp(t->cc[i].name, name))
			return;
	t->cc = xrealloc(t->cc, (size_t)(t->ncc + 1) * sizeof(*t->cc));
	t->cc[t->ncc].name = xstrdup(name);
	t->cc[t->ncc].family = fam;
	t->cc[t->ncc].major = 0;
	t->ncc++;
}

/* Its major version, as it says it (-dumpversion: "12", "14.0.6"). */
static int ask_major(const char *name)
{
	char *argv[] = { (char *)name, "-dumpversion", NULL };
	struct strbuf out = STRBUF_INIT;
	int major = 0;

	if (run_capture(NULL, argv, NULL, &out, 20) == 0)
		major = atoi(sb_str(&out));
	sb_release(&out);
	return major > 0 && major < 1000 ? major : 0;
}

/* Each versioned LLVM tool and compiler name in one PATH directory. */
static void scan_path_dir(struct toolsets *t, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;

	if (!d)
		return;
	while ((ent = readdir(d))) {
		char *p;
		int v;

		if (!strcmp(ent->d_name, "gcc") || versioned(ent->d_name, "gcc") > 0) {
			add_cc(t, ent->d_name, CC_GCC);
			continue;
		}
		if (!strcmp(ent->d_name, "clang")) {
			add_cc(t, ent->d_name, CC_CLANG);
			continue;
		}
		for (size_t i = 0; i < NTOOLS; i++) {
			if ((v = versioned(ent->d_name, tools[i].name)) <= 0)
				continue;
			p = path_join(dir, ent->d_name);
			if (is_exec(p)) {
				struct llvm_set *s = set_for(t, v);

				if (i == 0)
					add_cc(t, ent->d_name, CC_CLANG);
				if (!*slot(s, i)) {
					*slot(s, i) = p;
					p = NULL;
				}
			}
			free(p);
			break;
		}
	}
	closedir(d);
}

/* /usr/lib/llvm-N/bin: a set's unversioned tools, where PATH has none. */
static void scan_llvm_root(struct toolsets *t, const char *root)
{
	DIR *d = opendir(root);
	struct dirent *ent;
	int v;

	if (!d)
		return;
	while ((ent = readdir(d))) {
		char *bin;

		if ((v = versioned(ent->d_name, "llvm")) <= 0)
			continue;
		bin = xasprintf("%s/%s/bin", root, ent->d_name);
		if (is_dir(bin)) {
			struct llvm_set *s = set_for(t, v);

			free(s->dir);
			s->dir = xstrdup(bin);
			for (size_t i = 0; i < NTOOLS; i++) {
				char *p = path_join(bin, tools[i].name);

				if (!*slot(s, i) && is_exec(p)) {
					*slot(s, i) = p;
					p = NULL;
				}
				free(p);
			}
		}
		free(bin);
	}
	closedir(d);
}

static int newest_set_first(const void *a, const void *b)
{
	return ((const struct llvm_set *)b)->major - ((const struct llvm_set *)a)->major;
}

/* Newest first; on a tie the plain name (gcc before gcc-12). */
static int newest_cc_first(const void *a, const void *b)
{
	const struct cc_found *x = a, *y = b;

	if (x->major != y->major)
		return y->major - x->major;
	if (strlen(x->name) != strlen(y->name))
		return strlen(x->name) < strlen(y->name) ? -1 : 1;
	return strcmp(x->name, y->name);
}

void toolsets_find(struct toolsets *t, const char *llvm_root)
{
	/* the process's PATH: where exec finds programs */
	const char *path = getenv("PATH");
	char *copy = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");

	memset(t, 0, sizeof(*t));
	for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		scan_path_dir(t, *dir ? dir : ".");
	free(copy);
	scan_llvm_root(t, llvm_root ? llvm_root : "/usr/lib");
	if (t->nllvm)
		qsort(t->llvm, (size_t)t->nllvm, sizeof(*t->llvm), newest_set_first);
	for (int i = 0; i < t->ncc; i++)
		t->cc[i].major = ask_major(t->cc[i].name);
	if (t->ncc)
		qsort(t->cc, (size_t)t->ncc, sizeof(*t->cc), newest_cc_first);
}

void toolsets_free(struct toolsets *t)
{
	for (int i = 0; i < t->nllvm; i++) {
		free(t->llvm[i].dir);
		for (size_t k = 0; k < NTOOLS; k++)
			free(*slot(&t->llvm[i], k));
	}
	free(t->llvm);
	for (int i = 0; i < t->ncc; i++)
		free(t->cc[i].name);
	free(t->cc);
	memset(t, 0, sizeof(*t));
}

const struct llvm_set *toolsets_llvm(const struct toolsets *t, int major)
{
	for (int i = 0; i < t->nllvm; i++)
		if (t->llvm[i].major == major)
			return &t->llvm[i];
	return NULL;
}
