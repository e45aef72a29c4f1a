// Single-precision matrix products on AVX-512 for the shapes of an IQL update (256-wide layers,
// batches of 256): C ← α·op(A)·op(B) + β·C on row-major storage, the contract of cblas_sgemm.
//
// Blocking: C is computed in column panels of 32. For each panel and each block of up to 256
// depth steps, op(B)'s block (≤ 256 × 32 floats, 32 KB) is copied into a per-thread buffer that
// stays in L1, then every band of 12 rows of C runs the register tile below over it, reading
// op(A) in place (row-major A: 12 rows side by side; transposed A: 12 contiguous floats per depth
// step). Unlike OpenBLAS, op(A) is not copied and C is not zeroed before a β = 0 product.
//
// The register tile: 12 rows × 32 columns of C in 24 vector accumulators; per depth step two
// vector loads of op(B), twelve broadcasts of op(A), 24 fused multiply-adds. Sums run over the
// depth in order within a block (one FMA per step), so the result differs from OpenBLAS's by
// rounding only, and does not depend on which thread computes a panel. The full tile's depth loop
// is inline assembly (`fullTileRowMajorA`, `fullTileTransposedA`), the narrower tiles at the
// edges of C are intrinsics; both do the same operations in the same order.
//
// This file is the kernel alone: the assembly tile is in gemm_asm.h, and a product given a
// `ck_product_share` hands its panels out through the protocol of share.c.
#include "gemm_internal.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__x86_64__) && defined(__clang__)
#include "gemm_asm.h"

/// Fully unrolls a loop with constant bounds, so that the tile's accumulators live in registers.
#define UNROLLED _Pragma("clang loop unroll(full)")

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

int ck_sgemm_available(void) { return __builtin_cpu_supports("avx512f"); }

/// What a tile applies to its results after α·Σ + β·C, in this order (fields NULL/0: skipped):
/// + bias[j], max(0, ·), and zero where the ReLU output h[r, j] is not > 0 (the ReLU backward).
/// Pointers are offset to the tile's first row and column.
typedef struct {
    const float *bias;
    int relu;
    const float *reluOutput;
} Finish;

/// C[r, 16v + j] for r < rows, v < vectors (the last vector's lanes masked by `last`):
///   α · Σ_{p < depth} A(r, p) · P[p, 16v + j]  (+ β · C when β ≠ 0; C is not read when β = 0)
/// with A(r, p) = a[r·lda + p] (`rowMajorA`) or a[p·lda + r], and P the packed panel.
/// `rows`, `vectors` and `rowMajorA` are constants at every call, so each call site unrolls fully.
__attribute__((target("avx512f"), always_inline)) static inline void
tile(const int rows, const int vectors, const int rowMajorA, size_t depth, const float *restrict a, size_t lda,
     const float *restrict p, float *restrict c, size_t ldc, __mmask16 last, float alpha, float beta,
     const Finish *finish) {
    __m512 sums[TILE_ROWS][TILE_VECTORS];
    if (rows == TILE_ROWS && vectors == TILE_VECTORS) {
        if (rowMajorA) fullTileRowMajorA(depth, a, lda, p, sums);
        else fullTileTransposedA(depth, a, lda, p, sums);
    } else {
        UNROLLED for (int r = 0; r < rows; r++)
            UNROLLED for (int v = 0; v < vectors; v++) sums[r][v] = _mm512_setzero_ps();
        for (size_t k = 0; k < depth; k++) {
            __m512 b[TILE_VECTORS];
            UNROLLED for (int v = 0; v < vectors; v++)
                b[v] = v == vectors - 1 ? _mm512_maskz_load_ps(last, p + 16 * v) : _mm512_load_ps(p + 16 * v);
            UNROLLED for (int r = 0; r < rows; r++) {
                __m512 x = _mm512_set1_ps(rowMajorA ? a[r * lda + k] : a[k * lda + r]);
                UNROLLED for (int v = 0; v < vectors; v++) sums[r][v] = _mm512_fmadd_ps(x, b[v], sums[r][v]);
            }
            p += PANEL_COLUMNS;
        }
    }
    const __m512 scale = _mm512_set1_ps(alpha), keep = _mm512_set1_ps(beta);
    UNROLLED for (int r = 0; r < rows; r++) {
        UNROLLED for (int v = 0; v < vectors; v++) {
            float *out = c + r * ldc + 16 * v;
            const __mmask16 mask = v == vectors - 1 ? last : 0xFFFF;
            __m512 value = _mm512_mul_ps(scale, sums[r][v]);
            if (beta != 0) value = _mm512_fmadd_ps(keep, _mm512_maskz_loadu_ps(mask, out), value);
            if (finish) {
                if (finish->bias) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, finish->bias + 16 * v));
                if (finish->relu) value = _mm512_max_ps(_mm512_setzero_ps(), value);  // NaN stays NaN
                if (finish->reluOutput) {
                    const __m512 h = _mm512_maskz_loadu_ps(mask, finish->reluOutput + r * ldc + 16 * v);
                    value = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(h, _mm512_setzero_ps(), _CMP_GT_OQ), value);
                }
            }
            _mm512_mask_storeu_ps(out, mask, value);
        }
    }
}

/// One row band of `rows` (12, 8, 4, 2 or 1) over the packed panel.
#define BAND(rowMajorA, vectors)                                                                       \
    switch (rows) {                                                                                    \
    case 12: tile(12, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break; \
    case 8: tile(8, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break;   \
    case 4: tile(4, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break;   \
    case 2: tile(2, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break;   \
    default: tile(1, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break;  \
    }

__attribute__((target("avx512f"), noinline)) static void
band(int rowMajorA, int rows, int vectors, size_t depth, const float *a, size_t lda, const float *p, float *c,
     size_t ldc, __mmask16 last, float alpha, float beta, const Finish *finish) {
    if (rowMajorA) {
        if (vectors == 2) BAND(1, 2) else BAND(1, 1)
    } else {
        if (vectors == 2) BAND(0, 2) else BAND(0, 1)
    }
}

/// The tallest band that fits in `remaining` rows.
static int bandRows(size_t remaining) {
    return remaining >= 12 ? 12 : remaining >= 8 ? 8 : remaining >= 4 ? 4 : remaining >= 2 ? 2 : 1;
}

/// Lanes 0 ..< count (≤ 16) of a vector.
static inline __mmask16 firstLanes(size_t count) { return count >= 16 ? 0xFFFF : (__mmask16)((1u << count) - 1); }

/// Transposes the 16 × 16 block held in r[0 ..< 16] (row i in r[i]) in place.
__attribute__((target("avx512f"), always_inline)) static inline void transpose16(__m512 r[16]) {
    __m512 t[16];
    UNROLLED for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    UNROLLED for (int i = 0; i < 4; i++) {
        r[4 * i] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[4 * i + 1] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    UNROLLED for (int i = 0; i < 4; i++) {
        t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
        t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xdd);
        t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
        t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xdd);
    }
    UNROLLED for (int i = 0; i < 8; i++) {
        r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
    }
}

/// pack's n × k case: 16 × 16 register transposes of B's rows (op(B)'s columns); with `total`,
/// adds op(B)'s rows to total[0] (columns 0 ..< 16) and total[1] (16 ..< 32) in order.
__attribute__((target("avx512f"))) static void
packTransposed(float *restrict out, const float *restrict b, size_t ldb, size_t p0, size_t depth, size_t j0,
               size_t width, __m512 *total) {
    for (size_t j = 0; j < PANEL_COLUMNS; j += 16) {
        for (size_t k0 = 0; k0 < depth; k0 += 16) {
            const size_t steps = depth - k0 < 16 ? depth - k0 : 16;
            const __mmask16 lanes = firstLanes(steps);
            __m512 r[16];
            UNROLLED for (int i = 0; i < 16; i++) {
                r[i] = j + (size_t)i < width ? _mm512_maskz_loadu_ps(lanes, b + (j0 + j + i) * ldb + p0 + k0)
                                             : _mm512_setzero_ps();
            }
            transpose16(r);
            for (size_t i = 0; i < steps; i++) {
                _mm512_store_ps(out + (k0 + i) * PANEL_COLUMNS + j, r[i]);
                if (total) total[j / 16] = _mm512_add_ps(total[j / 16], r[i]);
            }
        }
    }
}

/// Copies op(B)[p0 ..< p0 + depth, j0 ..< j0 + width] (width ≤ PANEL_COLUMNS) into `out`, row by
/// row, PANEL_COLUMNS floats per row (lanes past `width` are zero): a row copy when B is stored
/// k × n, 16 × 16 register transposes when it is stored n × k.
///
/// With `sums` (offset to column j0), also adds the block's rows to the panel's column sums, row
/// after row (starting from 0 when p0 = 0), as `ck_column_sums` adds them.
__attribute__((target("avx512f"))) static void
pack(float *restrict out, const float *restrict b, size_t ldb, int transB, size_t p0, size_t depth, size_t j0,
     size_t width, float *restrict sums) {
    const __mmask16 left = firstLanes(width), right = width > 16 ? firstLanes(width - 16) : 0;
    __m512 total[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
    if (sums && p0 > 0) total[0] = _mm512_maskz_loadu_ps(left, sums), total[1] = _mm512_maskz_loadu_ps(right, sums + 16);
    if (!transB) {
        for (size_t k = 0; k < depth; k++) {
            const float *row = b + (p0 + k) * ldb + j0;
            const __m512 x = _mm512_maskz_loadu_ps(left, row), y = _mm512_maskz_loadu_ps(right, row + 16);
            _mm512_store_ps(out + k * PANEL_COLUMNS, x);
            _mm512_store_ps(out + k * PANEL_COLUMNS + 16, y);
            if (sums) total[0] = _mm512_add_ps(total[0], x), total[1] = _mm512_add_ps(total[1], y);
        }
    } else {
        packTransposed(out, b, ldb, p0, depth, j0, width, sums ? total : NULL);
    }
    if (sums) _mm512_mask_storeu_ps(sums, left, total[0]), _mm512_mask_storeu_ps(sums + 16, right, total[1]);
}

/// Columns 32·index ..< 32·index + 32 of C (fewer in the last panel), every row, every depth block,
/// with the product's extras for these columns.
__attribute__((target("avx512f"))) void ck_compute_panel(const Product *p, size_t index) {
    float *buffer = packingBuffer();
    if (!buffer) abort();  // 32 KB per thread: out of memory
    const size_t j0 = index * PANEL_COLUMNS;
    const size_t width = p->n - j0 < PANEL_COLUMNS ? p->n - j0 : PANEL_COLUMNS;
    const int vectors = width > 16 ? 2 : 1;
    const __mmask16 last = firstLanes(width - 16 * (size_t)(vectors - 1));
    const ck_gemm_extras *extras = &p->extras;
    const int finishes = extras->bias || extras->relu || extras->reluOutput;
    float *sums = extras->columnSumsOfB ? extras->columnSumsOfB + j0 : NULL;
    size_t p0 = 0;
    do {  // at least once, so that k = 0 still writes β·C
        const size_t depth = p->k - p0 < DEPTH_BLOCK ? p->k - p0 : DEPTH_BLOCK;
        pack(buffer, p->b, p->ldb, p->transB, p0, depth, j0, width, sums);
        const float beta = p0 == 0 ? p->beta : 1;
        const int lastBlock = p0 + depth >= p->k;
        for (size_t i0 = 0; i0 < p->m;) {
            const int rows = bandRows(p->m - i0);
            const float *a = p->transA ? p->a + p0 * p->lda + i0 : p->a + i0 * p->lda + p0;
            const Finish finish = {
                extras->bias ? extras->bias + j0 : NULL, extras->relu,
                extras->reluOutput ? extras->reluOutput + i0 * p->ldc + j0 : NULL};
            band(!p->transA, rows, vectors, depth, a, p->lda, buffer, p->c + i0 * p->ldc + j0, p->ldc, last, p->alpha,
                 beta, finishes && lastBlock ? &finish : NULL);
            i0 += (size_t)rows;
        }
        p0 += DEPTH_BLOCK;
    } while (p0 < p->k);
}

__attribute__((target("avx512f"))) void
ck_sgemm(int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
         const float *b, size_t ldb, float beta, float *c, size_t ldc, const ck_gemm_extras *extras,
         ck_product_share *share) {
    const ck_gemm_extras none = {0};
    const Product product = {transA, transB, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c, extras ? *extras : none,
                             ck_floating_point_mode()};
    const size_t panels = (n + PANEL_COLUMNS - 1) / PANEL_COLUMNS;
    if (share && panels >= 2 && panels <= 0xFFFF) return ck_share_compute(share, &product, panels);
    for (size_t index = 0; index < panels; index++) ck_compute_panel(&product, index);
}

#else

int ck_sgemm_available(void) { return 0; }

void ck_sgemm(int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
              const float *b, size_t ldb, float beta, float *c, size_t ldc, const ck_gemm_extras *extras,
              ck_product_share *share) {
    (void)transA, (void)transB, (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda, (void)b, (void)ldb,
        (void)beta, (void)c, (void)ldc, (void)extras, (void)share;
    __builtin_trap();  // callers check ck_sgemm_available first
}

#endif
