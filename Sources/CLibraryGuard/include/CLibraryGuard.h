// CLibraryGuard: turns a crash or a hang inside a C library call into one error line.
//
// libhdf5 1.10 trusts some fields of the files it reads: a damaged global heap or attribute
// message can make it read wild memory (SIGSEGV), abort in free(), or loop for ever. A thread
// marks the calls it makes into such a library as a guarded region; a fatal signal raised on that
// thread inside the region, or a watched region that runs longer than the timeout, prints
//
//     Error: <what>: <library> crashed reading it (signal 11); the file is damaged
//
// (or "... did not finish reading it in 30 s ...") on standard error and ends the process with
// status 1. Outside guarded regions the previous signal handlers run as before.
#ifndef CLIBRARYGUARD_H
#define CLIBRARYGUARD_H

/// Installs the signal handlers (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) and the watchdog
/// thread, once per process; later calls do nothing. `library` names what is guarded in messages
/// (kept, not copied). The timeout is `D4RL_IQL_LIBRARY_TIMEOUT` seconds when set, else
/// `default_timeout_seconds`; 0 turns the watchdog off.
void lg_install(const char *library, unsigned default_timeout_seconds);

/// Enters a guarded region on the calling thread, about `what` (copied, e.g. "run.h5:/infos").
/// `watched`: a hang here is reported after the timeout (metadata, small reads), or not (bulk
/// data, which may legitimately take long). Regions nest; the outermost one's `what` and
/// `watched` apply until it is left.
void lg_enter(const char *what, int watched);

/// Leaves the innermost guarded region of the calling thread.
void lg_leave(void);

#endif
