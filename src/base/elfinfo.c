/* elfinfo.c - what an object or ELF file holds: DT_NEEDED, LTO content (see elfinfo.h). */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfinfo.h"
#include "util.h"

/* len bytes at off, or -1 (EINVAL when the file is shorter). */
static int read_at(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);

	if (n == (ssize_t)len)
		return 0;
	if (n >= 0)
		errno = EINVAL;
	return -1;
}

/* The file offset of virtual address addr, through the PT_LOAD segments. */
static int vaddr_to_off(const Elf64_Phdr *ph, int n, Elf64_Addr addr, off_t *off)
{
	for (int i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && addr >= ph[i].p_vaddr && addr - ph[i].p_vaddr < ph[i].p_filesz) {
			*off = (off_t)(ph[i].p_offset + (addr - ph[i].p_vaddr));
			return 0;
		}
	errno = EINVAL;
	return -1;
}

enum lto_content object_lto_content(const void *data, size_t len)
{
	if (len >= 4 && (!memcmp(data, "BC\xc0\xde", 4) || !memcmp(data, "\xde\xc0\x17\x0b", 4)))
		return LTO_BITCODE;
	/* gcc marks an object without machine code with this symbol */
	if (memmem(data, len, "__gnu_lto_slim", 14))
		return LTO_GCC_SLIM;
	if (memmem(data, len, ".gnu.lto_", 9))
		return LTO_GCC_FAT;
	if (memmem(data, len, ".llvmbc", 7) || memmem(data, len, ".llvm.lto", 9))
		return LTO_LLVM_EMBEDDED;
	return LTO_NONE;
}

int elf_needed(const char *path, struct strvec *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1, saved;
	Elf64_Ehdr eh;
	Elf64_Phdr *ph = NULL;
	Elf64_Dyn *dyn = NULL;
	size_t ndyn = 0;
	Elf64_Addr strtab = 0;
	Elf64_Xword strsz = 0;
	char *strs = NULL;
	off_t stroff;

	if (fd < 0)
		return -1;
	if (read_at(fd, &eh, sizeof(eh), 0) < 0 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > 4096) {
		errno = EINVAL;
		goto out;
	}
	ph = xcalloc(eh.e_phnum, sizeof(*ph));
	if (read_at(fd, ph, eh.e_phnum * sizeof(*ph), (off_t)eh.e_phoff) < 0)
		goto out;
	for (int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_DYNAMIC)
			continue;
		if (ph[i].p_filesz > (1 << 20)) {
			errno = EINVAL;
			goto out;
		}
		ndyn = ph[i].p_filesz / sizeof(Elf64_Dyn);
		dyn = xcalloc(ndyn ? ndyn : 1, sizeof(*dyn));
		if (read_at(fd, dyn, ndyn * sizeof(*dyn), (off_t)ph[i].p_offset) < 0)
			goto out;
	}
	if (!dyn) { /* static: needs nothing */
		rc = 0;
		goto out;
	}
	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL; i++) {
		if (dyn[i].d_tag == DT_STRTAB)
			strtab = dyn[i].d_un.d_ptr;
		else if (dyn[i].d_tag == DT_STRSZ)
			strsz = dyn[i].d_un.d_val;
	}
	if (!strtab || !strsz || strsz > (16 << 20) || vaddr_to_off(ph, eh.e_phnum, strtab, &stroff) < 0) {
		errno = EINVAL;
		goto out;
	}
	strs = xmalloc(strsz + 1);
	if (read_at(fd, strs, strsz, stroff) < 0)
		goto out;
	strs[strsz] = '\0';
	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL; i++) {
		if (dyn[i].d_tag != DT_NEEDED)
			continue;
		if (dyn[i].d_un.d_val >= strsz) {
			errno = EINVAL;
			goto out;
		}
		sv_push(out, strs + dyn[i].d_un.d_val);
	}
	rc = 0;
out:
	saved = errno;
	free(strs);
	free(dyn);
	free(ph);
	close(fd);
	errno = saved;
	return rc;
}
