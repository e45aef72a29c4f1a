// See CLibraryGuard.h. Everything the signal handler and the watchdog touch is a fixed slot
// table written with atomics; they format messages by hand and use only write(2) and _exit(2),
// which are async-signal-safe.
#include "CLibraryGuard.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { SLOTS = 128, WHAT = 480 };

/// One thread's guarded region.
typedef struct {
    _Atomic int used;
    _Atomic int depth;
    _Atomic int watched;
    _Atomic long long started;  // CLOCK_MONOTONIC nanoseconds when the outermost region began
    char what[WHAT];
} Slot;

static Slot slots[SLOTS];
static _Thread_local int slotIndex = -1;
static pthread_key_t slotKey;
static const char *libraryName = "the library";
static unsigned timeoutSeconds;
static struct sigaction previous[32];
static const int guardedSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
static pthread_once_t installed = PTHREAD_ONCE_INIT;
static unsigned defaultTimeout;

static long long now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (long long)time.tv_sec * 1000000000LL + time.tv_nsec;
}

static void put(const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(2, text, length);
        if (written <= 0) return;
        text += written;
        length -= (size_t)written;
    }
}

static void putNumber(unsigned long value) {
    char digits[24];
    int count = 0;
    do digits[count++] = (char)('0' + value % 10); while ((value /= 10) > 0 && count < 23);
    char text[24];
    for (int i = 0; i < count; i++) text[i] = digits[count - 1 - i];
    text[count] = 0;
    put(text);
}

/// Prints the one line for `slot` and ends the process with status 1.
static void report(Slot *slot, int signalNumber) {
    put("Error: ");
    put(slot->what);
    put(": ");
    put(libraryName);
    if (signalNumber) {
        put(" crashed reading it (signal ");
        putNumber((unsigned long)signalNumber);
        put("); the file is damaged\n");
    } else {
        put(" did not finish reading it in ");
        putNumber(timeoutSeconds);
        put(" s; the file is damaged or unreadable\n");
    }
    _exit(1);
}

static void onSignal(int signalNumber, siginfo_t *info, void *context) {
    (void)info, (void)context;
    if (slotIndex >= 0 && atomic_load(&slots[slotIndex].depth) > 0) report(&slots[slotIndex], signalNumber);
    // Not ours: put the previous handler back; a fault re-executes and reaches it, abort() is raised again.
    sigaction(signalNumber, &previous[signalNumber], NULL);
    if (signalNumber == SIGABRT) raise(SIGABRT);
}

static void *watch(void *unused) {
    (void)unused;
    const struct timespec pause = {0, 200 * 1000000L};
    for (;;) {
        nanosleep(&pause, NULL);
        const long long limit = (long long)timeoutSeconds * 1000000000LL, time = now();
        for (int i = 0; i < SLOTS; i++) {
            Slot *slot = &slots[i];
            if (atomic_load(&slot->used) && atomic_load(&slot->depth) > 0 && atomic_load(&slot->watched)
                && time - atomic_load(&slot->started) > limit)
                report(slot, 0);
        }
    }
    return NULL;
}

static void releaseSlot(void *slot) { atomic_store(&((Slot *)slot)->used, 0); }

static void installOnce(void) {
    pthread_key_create(&slotKey, releaseSlot);
    const char *configured = getenv("D4RL_IQL_LIBRARY_TIMEOUT");
    timeoutSeconds = configured ? (unsigned)strtoul(configured, NULL, 10) : defaultTimeout;
    static char alternateStack[64 * 1024];
    stack_t stack = {.ss_sp = alternateStack, .ss_size = sizeof alternateStack, .ss_flags = 0};
    sigaltstack(&stack, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = onSignal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof guardedSignals / sizeof guardedSignals[0]; i++)
        sigaction(guardedSignals[i], &action, &previous[guardedSignals[i]]);
    if (timeoutSeconds > 0) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, watch, NULL) == 0) pthread_detach(thread);
    }
}

void lg_install(const char *library, unsigned default_timeout_seconds) {
    if (library) libraryName = library;
    defaultTimeout = default_timeout_seconds;
    pthread_once(&installed, installOnce);
}

void lg_enter(const char *what, int watched) {
    if (slotIndex < 0) {
        for (int i = 0; i < SLOTS; i++) {
            int expected = 0;
            if (atomic_compare_exchange_strong(&slots[i].used, &expected, 1)) {
                slotIndex = i;
                pthread_setspecific(slotKey, &slots[i]);
                break;
            }
        }
        if (slotIndex < 0) return;  // more threads than slots: unguarded
    }
    Slot *slot = &slots[slotIndex];
    if (atomic_load(&slot->depth) == 0) {
        strncpy(slot->what, what, WHAT - 1);
        slot->what[WHAT - 1] = 0;
        atomic_store(&slot->started, now());
        atomic_store(&slot->watched, watched);
    }
    atomic_fetch_add(&slot->depth, 1);
}

void lg_leave(void) {
    if (slotIndex < 0) return;
    Slot *slot = &slots[slotIndex];
    if (atomic_fetch_sub(&slot->depth, 1) == 1) atomic_store(&slot->watched, 0);
}
