// Single-precision matrix products for the shapes of an IQL or SAC update (256-wide layers,
// batches of 256): C ← α·op(A)·op(B) + β·C on row-major storage, the contract of cblas_sgemm.
//
// Blocking: C is computed in column panels of 32. For each panel and each block of up to 256
// depth steps, op(B)'s block (≤ 256 × 32 floats, 32 KB) is copied into a per-thread buffer that
// stays in L1, then bands of rows of C run a register tile over it, reading op(A) in place. Unlike
// OpenBLAS, op(A) is not copied and C is not zeroed before a β = 0 product.
//
// The arithmetic is the same for every element on every panel kernel (AVX-512 in gemm_avx512.c,
// AVX2 + FMA in gemm_avx2.c), so that a product's bits depend neither on the CPU nor on the
// thread that computes a panel:
//   per depth block [p0, p0 + 256):  s = 0, then s = fma(A(i, p), B(p, j), s) for p in order;
//                                    C[i, j] = fma(β', C[i, j], α·s), β' = β on the first block
//                                    and 1 after it (C is not read when β' = 0: C[i, j] = α·s);
//   after the last block:            C[i, j] += bias[j], max(0, ·), zero unless h[i, j] > 0.
// The kernels differ only in the width of their vectors and the height of their tiles, which do
// not change what is computed for an element. Column sums of op(B) add its rows in order from 0.
#include "gemm_internal.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__x86_64__) && defined(__clang__)

/// This thread's copy of op(B)'s current depth block × column panel (32 KB), row by row,
/// PANEL_COLUMNS floats per row. Allocated on a thread's first product, freed when it ends.
static _Thread_local float *packed;
static pthread_key_t packedKey;
static pthread_once_t packedKeyOnce = PTHREAD_ONCE_INIT;

static void makePackedKey(void) { pthread_key_create(&packedKey, free); }

/// This thread's packing buffer; NULL only if the allocation failed.
static float *packingBuffer(void) {
    if (!packed) {
        pthread_once(&packedKeyOnce, makePackedKey);
        packed = aligned_alloc(64, sizeof(float) * DEPTH_BLOCK * PANEL_COLUMNS);
        if (packed) pthread_setspecific(packedKey, packed);
    }
    return packed;
}

/// Panel kernel `index` of those this CPU runs, widest first; NULL past the last.
static const PanelKernel *panelKernel(int index) {
    const PanelKernel *kernels[2];
    int count = 0;
    if (__builtin_cpu_supports("avx512f")) kernels[count++] = &ck_avx512_panel_kernel;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) kernels[count++] = &ck_avx2_panel_kernel;
    return index >= 0 && index < count ? kernels[index] : NULL;
}

int ck_sgemm_kernels(void) { return panelKernel(1) ? 2 : panelKernel(0) ? 1 : 0; }

const char *ck_sgemm_kernel_name(int kernel) {
    const PanelKernel *chosen = panelKernel(kernel);
    return chosen ? chosen->name : NULL;
}

void ck_compute_panel(const Product *p, size_t index) {
    float *buffer = packingBuffer();
    if (!buffer) abort();  // 32 KB per thread: out of memory
    const size_t j0 = index * PANEL_COLUMNS;
    const size_t width = p->n - j0 < PANEL_COLUMNS ? p->n - j0 : PANEL_COLUMNS;
    const ck_gemm_extras *extras = &p->extras;
    const int finishes = extras->bias || extras->relu || extras->reluOutput;
    float *sums = extras->columnSumsOfB ? extras->columnSumsOfB + j0 : NULL;
    size_t p0 = 0;
    do {  // at least once, so that k = 0 still writes β·C
        const size_t depth = p->k - p0 < DEPTH_BLOCK ? p->k - p0 : DEPTH_BLOCK;
        p->kernel->pack(buffer, p->b, p->ldb, p->transB, p0, depth, j0, width, sums);
        const float beta = p0 == 0 ? p->beta : 1;
        const int lastBlock = p0 + depth >= p->k;
        for (size_t i0 = 0; i0 < p->m;) {
            const float *a = p->transA ? p->a + p0 * p->lda + i0 : p->a + i0 * p->lda + p0;
            const Finish finish = {
                extras->bias ? extras->bias + j0 : NULL, extras->relu,
                extras->reluOutput ? extras->reluOutput + i0 * p->ldc + j0 : NULL};
            i0 += p->kernel->band(!p->transA, p->m - i0, depth, a, p->lda, buffer, p->c + i0 * p->ldc + j0, p->ldc,
                                  width, p->alpha, beta, finishes && lastBlock ? &finish : NULL);
        }
        p0 += DEPTH_BLOCK;
    } while (p0 < p->k);
}

void ck_sgemm(int kernel, int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a,
              size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc, const ck_gemm_extras *extras,
              ck_product_share *share) {
    const PanelKernel *chosen = panelKernel(kernel);
    if (!chosen) __builtin_trap();  // callers check ck_sgemm_kernels first
    const ck_gemm_extras none = {0};
    const Product product = {transA, transB, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c, extras ? *extras : none,
                             ck_floating_point_mode(), chosen};
    const size_t panels = (n + PANEL_COLUMNS - 1) / PANEL_COLUMNS;
    if (share && panels >= 2 && panels <= 0xFFFF) return ck_share_compute(share, &product, panels);
    for (size_t index = 0; index < panels; index++) ck_compute_panel(&product, index);
}

#else

int ck_sgemm_kernels(void) { return 0; }

const char *ck_sgemm_kernel_name(int kernel) {
    (void)kernel;
    return NULL;
}

void ck_sgemm(int kernel, int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a,
              size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc, const ck_gemm_extras *extras,
              ck_product_share *share) {
    (void)kernel, (void)transA, (void)transB, (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda, (void)b,
        (void)ldb, (void)beta, (void)c, (void)ldc, (void)extras, (void)share;
    __builtin_trap();  // callers check ck_sgemm_kernels first
}

#endif
