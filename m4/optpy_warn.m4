dnl optpy_warn.m4 - OPTPY_WARN_CFLAGS: the warning flags this compiler takes.
AC_DEFUN([OPTPY_WARN_CFLAGS], [
	WARN_CFLAGS=
	for optpy_flag in -Wall -Wextra -Wshadow -Wno-unused-parameter -Wformat=2 \
			  -Wmissing-prototypes -Wstrict-prototypes; do
		AC_MSG_CHECKING([whether $CC accepts $optpy_flag])
		optpy_save=$CFLAGS
		CFLAGS="$CFLAGS -Werror $optpy_flag"
		AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
			[WARN_CFLAGS="$WARN_CFLAGS $optpy_flag"; AC_MSG_RESULT([yes])],
			[AC_MSG_RESULT([no])])
		CFLAGS=$optpy_save
	done
])
