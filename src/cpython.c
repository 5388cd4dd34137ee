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
 */
#include <stddef.h>

#include "cpython.h"

static const struct pyfacts tab[] = {
	{ 9, "yes|no", 0, "-m test --pgo", 1,
	  "python platform sharedmods oldsharedmods gdbhooks python-config",
	  "setup.py builds most extension modules" },
	{ 10, "yes|no", 0, "-m test --pgo --timeout=$(TESTTIMEOUT)", 1,
	  "python platform sharedmods oldsharedmods gdbhooks python-config",
	  "setup.py builds most extension modules" },
	{ 11, "full|thin|no|yes", 0, "-m test --pgo --timeout=$(TESTTIMEOUT)", 1,
	  "python platform oldsharedmods sharedmods gdbhooks python-config",
	  "setup.py builds a few extension modules" },
	{ 12, "full|thin|no|yes", 1, "-m test --pgo --timeout=$(TESTTIMEOUT)", 1,
	  "python platform sharedmods gdbhooks scripts checksharedmods",
	  "extension modules built by the Makefile" },
	{ 13, "full|thin|no|yes", 1, "-m test --pgo --timeout=$(TESTTIMEOUT)", 0,
	  "python platform sharedmods gdbhooks scripts checksharedmods",
	  "run_profile_task removed; profile-gen-stamp/profile-run-stamp" },
	{ 14, "full|thin|no|yes", 1, "-m test --pgo --timeout=$(TESTTIMEOUT)", 0,
	  "python platform sharedmods gdbhooks scripts checksharedmods",
	  "as 3.13 for the driver" },
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
