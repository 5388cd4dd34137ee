/* elfinfo.h - what an ELF file says about itself, read without running it. */
#ifndef OPTPY_ELFINFO_H
#define OPTPY_ELFINFO_H

#include "util.h"

/* The shared objects a 64-bit little-endian ELF file names as DT_NEEDED
 * (sonames, in order), appended to out.  0, or -1 when path is not such a
 * file or cannot be read (errno set; EINVAL for a file that is not ELF or
 * whose dynamic section does not hold together).  A static executable has
 * none: 0 and nothing added. */
int elf_needed(const char *path, struct strvec *out);

/* What an object file's len bytes hold for link-time optimization: the
 * one detector of LTO objects (the probes ask whether there is any, the
 * static library which members have no machine code). */
enum lto_content {
	LTO_NONE,              /* machine code only */
	LTO_GCC_FAT,           /* gcc's .gnu.lto_ sections beside machine code */
	LTO_GCC_SLIM,          /* gcc's LTO streams only (the __gnu_lto_slim mark) */
	LTO_BITCODE,           /* LLVM bitcode (raw, or its wrapper) */
	LTO_LLVM_EMBEDDED      /* bitcode in an ELF section (.llvmbc, .llvm.lto) beside machine code */
};
enum lto_content object_lto_content(const void *data, size_t len);

#endif
