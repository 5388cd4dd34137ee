# examples/debian-rules.mk - the part of a debian/rules that builds CPython
# with optpy instead of `configure --enable-optimizations --with-lto && make`.
# The configure line a package already has works verbatim after `--`:
# --enable-optimizations, --with-lto and PROFILE_TASK become optpy's own
# decisions; DEB_BUILD_OPTIONS nopgo/nolto/noopt are honoured.  optpy never
# writes into the source tree and refuses a build directory inside it, so
# it builds beside it, in $(OPTPY_BUILD).

OPTPY_BUILD := $(abspath $(CURDIR)/../optpy-build-$(DEB_SOURCE))
DESTDIR := $(CURDIR)/debian/tmp

override_dh_auto_configure:
	: optpy configures CPython itself, out of tree

override_dh_auto_build:
	optpy build --source $(CURDIR) --build-dir $(OPTPY_BUILD) \
		--jobs $(or $(patsubst parallel=%,%,$(filter parallel=%,$(DEB_BUILD_OPTIONS))),1) \
		--prefix /usr --verify-tests none -- \
		--enable-optimizations --with-lto --enable-shared \
		--with-system-expat --with-dbmliborder=bdb:gdbm

override_dh_auto_test:
	optpy report $(OPTPY_BUILD)

override_dh_auto_install:
	optpy build --source $(CURDIR) --build-dir $(OPTPY_BUILD) \
		--jobs $(or $(patsubst parallel=%,%,$(filter parallel=%,$(DEB_BUILD_OPTIONS))),1) \
		--prefix /usr --verify-tests none --install --destdir $(DESTDIR) -- \
		--enable-optimizations --with-lto --enable-shared \
		--with-system-expat --with-dbmliborder=bdb:gdbm

override_dh_auto_clean:
	rm -rf $(OPTPY_BUILD)
