/* cpython.c - the one place that knows how CPython versions differ.
 *
 * Every difference the driver depends on lives in this table: the values
 * --with-lto takes, whether --enable-bolt exists, the default PROFILE_TASK,
 * which make targets exist, and the targets that make up `build_all`
 * without Programs/_testembed (an embedding test program: linking it means a
 * second whole-interpreter LTO link that nothing but test_embed uses).
 *
 *  3.9   --with-lto (yes/no); PROFILE_TASK -m test --pgo; run_profile_task;
 *        sharedmods via setup.py
 *  3.10  as 3.9
 *  3.11  --with-lto=full|thin|no|yes; oldsharedmods+sharedmods (setup.py for
 *        a few modules); run_profile_task still present
 *  3.12  setup.py gone: all extension modules built by the Makefile;
 *        --enable-bolt added; run_profile_task still present
 *  3.13  run_profile_task, build_all_generate_profile and
 *        build_all_merge_profile removed (profile-gen-stamp/profile-run-stamp);
 *        check-app-store-compliance; mimalloc; free-threaded option
 *  3.14  as 3.13 for the driver; adds the tail-calling interpreter
 *        (clang >= 19) and an experimental JIT, both left to configure args
 *
 * Build tools: Programs/_freeze_importlib (3.9, 3.10), Programs/_freeze_module
 * and _bootstrap_python (3.11+) are linked from the whole interpreter and
 * only run to generate sources (frozen modules).  With LTO each is another
 * whole-interpreter LTO link, the first one on the critical path; the final
 * build keeps the instrumented ones (their output does not depend on how
 * they were compiled) and tells make not to remake them.
 */
#include <stddef.h>

#include "cpython.h"

static const struct pyfacts tab[] = {
	{ 9, "yes|no", 0, "-m test --pgo", 1,
	  "python platform sharedmods oldsharedmods gdbhooks python-config",
	  "Programs/_freeze_importlib", "setup.py builds most extension modules" },
	{ 10, "yes|no", 0, "-m test --pgo --timeout=$(TESTTIMEOUT)", 1,
	  "python platform sharedmods oldsharedmods gdbhooks python-config",
	  "Programs/_freeze_importlib", "setup.py builds most extension modules" },
	{ 11, "full|thin|no|yes", 0, "-m test --pgo --timeout=$(TESTTIMEOUT)", 1,
	  "python platform oldsharedmods sharedmods gdbhooks python-config",
	  "Programs/_freeze_module _bootstrap_python", "setup.py builds a few extension modules" },
	{ 12, "full|thin|no|yes", 1, "-m test --pgo --timeout=$(TESTTIMEOUT)", 1,
	  "python platform sharedmods gdbhooks scripts checksharedmods",
	  "Programs/_freeze_module _bootstrap_python", "extension modules built by the Makefile" },
	{ 13, "full|thin|no|yes", 1, "-m test --pgo --timeout=$(TESTTIMEOUT)", 0,
	  "python platform sharedmods gdbhooks scripts checksharedmods",
	  "Programs/_freeze_module _bootstrap_python",
	  "run_profile_task removed; profile-gen-stamp/profile-run-stamp" },
	{ 14, "full|thin|no|yes", 1, "-m test --pgo --timeout=$(TESTTIMEOUT)", 0,
	  "python platform sharedmods gdbhooks scripts checksharedmods",
	  "Programs/_freeze_module _bootstrap_python", "as 3.13 for the driver" },
};

const struct pyfacts *pyfacts_for(int major, int minor)
{
	if (major != 3)
		return NULL;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].minor == minor)
			return &tab[i];
	return NULL;
}
