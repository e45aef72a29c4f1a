// The panel-sharing protocol: a thread running a matrix product on the own kernel (the owner)
// offers its column panels on a `ck_product_share`; its partner thread, when it would otherwise
// wait, claims and computes some of them (`ck_share_help`). Two threads that split an update's
// work statically thus even out when one of them runs slower (another process, a busy host).
//
// Invariants:
// - One atomic word (`state`) holds the product's generation (odd while open), its panel count
//   and the next unclaimed panel; claiming is a compare-and-swap on it, so each panel is computed
//   exactly once, by whichever thread claims it.
// - `product` is written before `state` opens the product (release) and read by a helper only
//   after it has claimed a panel (acquire); the owner does not return, and so does not change or
//   free anything the product points to, until `finished` counts every panel.
// - A panel computed by the helper runs in the owner's floating-point mode, so it is bit for bit
//   the panel the owner would have computed (gemm_internal.h: panels depend only on the product).
#include "gemm_internal.h"
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

/// The state word of a share: generation (odd while a product is open) << 32 | panels << 16 | next panel.
static uint64_t shareState(uint32_t generation, uint32_t panels, uint32_t next) {
    return (uint64_t)generation << 32 | (uint64_t)panels << 16 | next;
}

struct ck_product_share {
    _Atomic uint64_t state;
    /// Panels of the open product computed so far (by either thread).
    _Atomic uint32_t finished;
    /// The owner's generation count (read and written by the owner only).
    uint32_t generation;
    /// The open product: written before `state` opens it, read by a helper after it claims a panel.
    Product product;
};

void ck_share_help(ck_product_share *share) {
    uint64_t state = atomic_load_explicit(&share->state, memory_order_acquire);
    for (;;) {
        const uint32_t generation = (uint32_t)(state >> 32), panels = (state >> 16) & 0xFFFF, next = state & 0xFFFF;
        if (!(generation & 1) || next >= panels) return;
        if (!atomic_compare_exchange_weak_explicit(&share->state, &state, state + 1, memory_order_acq_rel,
                                                   memory_order_acquire)) continue;
        // Panel `next` is ours: the owner waits for it, so its product stays as it is until then.
        const Product product = share->product;
        const unsigned mode = ck_floating_point_mode();
        ck_set_floating_point_mode(product.mode);
        ck_compute_panel(&product, next);
        ck_set_floating_point_mode(mode);
        atomic_fetch_add_explicit(&share->finished, 1, memory_order_release);
        state = atomic_load_explicit(&share->state, memory_order_acquire);
    }
}

void ck_share_compute(ck_product_share *share, const Product *product, size_t panels) {
    share->product = *product;
    atomic_store_explicit(&share->finished, 0, memory_order_relaxed);
    const uint32_t generation = ++share->generation;  // odd: open
    atomic_store_explicit(&share->state, shareState(generation, (uint32_t)panels, 0), memory_order_release);
    for (;;) {
        const uint64_t state = atomic_fetch_add_explicit(&share->state, 1, memory_order_acq_rel);
        const size_t next = state & 0xFFFF;
        if (next >= panels) break;
        ck_compute_panel(product, next);
        atomic_fetch_add_explicit(&share->finished, 1, memory_order_release);
    }
    atomic_store_explicit(&share->state, shareState(++share->generation, 0, 0), memory_order_release);  // closed
    // Wait for panels the partner claimed; yield now and then, in case it waits for this core.
    for (unsigned spins = 1; atomic_load_explicit(&share->finished, memory_order_acquire) < panels; spins++) {
        _mm_pause();
        if (spins % 2000 == 0) sched_yield();
    }
}

#else

struct ck_product_share {
    int unused;
};

void ck_share_help(ck_product_share *share) { (void)share; }

void ck_share_compute(ck_product_share *share, const Product *product, size_t panels) {
    (void)share, (void)product, (void)panels;
    __builtin_trap();  // ck_sgemm runs only where the own kernel is available
}

#endif

ck_product_share *ck_share_create(void) { return calloc(1, sizeof(ck_product_share)); }

void ck_share_destroy(ck_product_share *share) { free(share); }
