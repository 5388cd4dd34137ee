/* python.c - the miniature interpreter.  -V prints the version like
 * CPython; --work N runs the code that training profiles; --crash, --hang
 * --fail and --alloc MIB let tests break a training task.  Anything else (-c, -m, a
 * script) does a little work and runs the system python3 on the arguments:
 * a test double, so that optpy's verify phase has a Python to talk to.
 * $MINIPY_STACK_HOG (gcc, clang or all) makes the interpreter built by that
 * compiler crash in verify's recursion check, as one whose bytecode loop
 * has too big a stack frame does. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "patchlevel.h"

long mini_eval(long n);
long mini_objects(long n);
long _PyEval_EvalFrameDefault(const unsigned char *code, long n);
unsigned Hacl_Hash_Mini_compress(unsigned h, long n);

#if defined(__clang__)
#define MINI_CC "clang"
#else
#define MINI_CC "gcc"
#endif

int main(int argc, char **argv)
{
	if (MINIPY_BROKEN == 1) {
		fprintf(stderr, "Fatal Python error: built broken on purpose\n");
		return 1;
	}
	if (argc > 1 && (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))) {
		printf("Python %s\n", MINIPY_BROKEN == 2 ? "0.0.0" : PY_VERSION);
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--work")) {
		long n = atol(argv[2]);

		static const unsigned char code[] = { 0, 1, 0, 2 };

		printf("%ld\n", mini_eval(n) + mini_objects(n) + _PyEval_EvalFrameDefault(code, n) +
		       (long)(Hacl_Hash_Mini_compress(5381, n) % 7));
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--alloc")) {
		size_t n = (size_t)atol(argv[2]) << 20;
		char *p = malloc(n);

		if (!p) {
			fprintf(stderr, "MemoryError: cannot allocate %s MiB\n", argv[2]);
			return 3;
		}
		memset(p, 1, n);
		free(p);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--crash"))
		abort();
	if (argc > 1 && !strcmp(argv[1], "--hang"))
		for (;;)
			pause();
	if (argc > 1 && !strcmp(argv[1], "--fail"))
		return 3;
	const char *hog = getenv("MINIPY_STACK_HOG");

	if (hog && (!strcmp(hog, "all") || !strcmp(hog, MINI_CC)) && argc > 2 && !strcmp(argv[1], "-c") &&
	    strstr(argv[2], "OPTPY-RECURSION")) {
		printf("OPTPY-RECURSION limit 1000\nOPTPY-RECURSION depth 50\n");
		fflush(stdout);
		raise(SIGSEGV);
	}
	/* the variant it was built as: what verify asks CPython's sys */
	if (argc > 2 && !strcmp(argv[1], "-c") && strstr(argv[2], "OPTPY-VARIANT")) {
		printf("OPTPY-VARIANT jit=%s gil=%s\n", MINIPY_JIT == 1 ? "True" : "False",
		       MINIPY_NOGIL ? "False" : "True");
		return 0;
	}
	if (getenv("MINIPY_VERIFY_SLEEP"))
		sleep((unsigned)atoi(getenv("MINIPY_VERIFY_SLEEP")));
	mini_eval(1000);
	/* fork rather than exec: this process must exit normally for its
	 * profile data to be written */
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		argv[0] = "python3";
		execvp("python3", argv);
		perror("python3");
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 127;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
