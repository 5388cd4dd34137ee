/* toolsets.c - every compiler and LLVM tool set on the machine (see toolsets.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

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
			sv_push(&t->gcc, ent->d_name);
			continue;
		}
		if (!strcmp(ent->d_name, "clang")) {
			sv_push(&t->clang, ent->d_name);
			continue;
		}
		for (size_t i = 0; i < NTOOLS; i++) {
			if ((v = versioned(ent->d_name, tools[i].name)) <= 0)
				continue;
			p = path_join(dir, ent->d_name);
			if (is_exec(p)) {
				struct llvm_set *s = set_for(t, v);

				if (i == 0)
					sv_push(&t->clang, ent->d_name);
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

/* gcc-12 before gcc-9, the plain name last; names seen twice once. */
static int newest_name_first(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	const char *dx = strchr(x, '-'), *dy = strchr(y, '-');
	int vx = dx ? atoi(dx + 1) : 0, vy = dy ? atoi(dy + 1) : 0;

	return vx != vy ? vy - vx : strcmp(x, y);
}

static void sort_names(struct strvec *sv)
{
	size_t k = 0;

	if (sv->n)
		qsort(sv->v, sv->n, sizeof(*sv->v), newest_name_first);
	for (size_t i = 0; i < sv->n; i++) {
		if (k && !strcmp(sv->v[k - 1], sv->v[i])) {
			free(sv->v[i]);
			continue;
		}
		sv->v[k++] = sv->v[i];
	}
	sv->n = k;
	if (sv->v)
		sv->v[k] = NULL;
}

void toolsets_find(struct toolsets *t, const char *llvm_root)
{
	const char *path = getenv("PATH");
	char *copy = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");

	memset(t, 0, sizeof(*t));
	for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		scan_path_dir(t, *dir ? dir : ".");
	free(copy);
	scan_llvm_root(t, llvm_root ? llvm_root : "/usr/lib");
	if (t->nllvm)
		qsort(t->llvm, (size_t)t->nllvm, sizeof(*t->llvm), newest_set_first);
	sort_names(&t->gcc);
	sort_names(&t->clang);
}

void toolsets_free(struct toolsets *t)
{
	for (int i = 0; i < t->nllvm; i++) {
		free(t->llvm[i].dir);
		for (size_t k = 0; k < NTOOLS; k++)
			free(*slot(&t->llvm[i], k));
	}
	free(t->llvm);
	sv_clear(&t->gcc);
	sv_clear(&t->clang);
	memset(t, 0, sizeof(*t));
}

const struct llvm_set *toolsets_llvm(const struct toolsets *t, int major)
{
	for (int i = 0; i < t->nllvm; i++)
		if (t->llvm[i].major == major)
			return &t->llvm[i];
	return NULL;
}
