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

#endif
