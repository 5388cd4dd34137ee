/* err.h - the one error rule of optpy.
 *
 * 1. Library code (everything under src/ but src/cli/) never exits and
 *    never prints.  What a person should hear goes to the message handler
 *    the client registered (msg.h: errors, warnings, progress, the status
 *    line); a build speaks through phase.c's build_say, build_warn and
 *    build_log, which send there.  A function that can fail returns 0 on
 *    success or an exit status from util.h (EXIT_*), and puts what failed,
 *    with the fix, into the struct err its caller passed.  Functions that
 *    cannot fail in a way the user can act on return void.
 * 2. A build phase fails with `return build_fail(b, status, fmt, ...)`: the
 *    message goes to the phase's log and into the report; the driver sends
 *    it to the handler.
 * 3. Only the CLI (src/cli/) exits, with the status the library returned.
 *    The driver turns every failure, in a phase or around the phases,
 *    into report.json (status "failed" or "interrupted", the phase, the
 *    message, the exit status) before it returns the status.
 * 4. BUG() is for states the code itself rules out; the x-allocators
 *    (util.h) abort on out-of-memory.  Neither is an error for the user.
 */
#ifndef OPTPY_ERR_H
#define OPTPY_ERR_H

struct err {
	int status;            /* an EXIT_* status; 0 while nothing failed */
	char *msg;             /* what failed and the fix (malloc'd), or NULL */
	int show_usage;        /* 1: the words themselves were not understood (an unknown option): show the usage */
};

/* Record an error (the first one wins) and return its status. */
int err_set(struct err *e, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Forget the error. */
void err_clear(struct err *e);

#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)
void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

#endif
