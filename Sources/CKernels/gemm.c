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
// Sharing: a thread that has published a `ck_product_share` (`ck_share_exchange_current`) offers
// the panels of each product it runs to a partner thread, which computes the panels it claims
// (`ck_share_help`) while it would otherwise wait. Panels are claimed through one atomic word, so
// each panel is computed exactly once, by whichever thread is free; the owner returns when all
// are done. Two threads that split an update's work statically thus even out when one of them
// runs slower (another process, a busy host).
#include "CKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

enum { TILE_ROWS = 12, TILE_VECTORS = 2, PANEL_COLUMNS = 16 * TILE_VECTORS, DEPTH_BLOCK = 256 };

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

/// The full 12 × 32 tile's sums, Σ_{p < depth} A(r, p) · P[p, ·], in assembly. From the intrinsics
/// of `tile`, clang recomputes the address of each row of op(A) at every step (a dozen integer
/// operations beside the 24 FMAs), and when unrolled it hoists later steps' loads and spills
/// accumulators; this loop was 6–11 % faster alone and 6–10 % faster in the update (alternating
/// blocks of 50 updates).
///
/// Registers: zmm0 ..< zmm24 the sums (row r in zmm(2r), zmm(2r+1)), zmm24/25 a packed row of op(B),
/// zmm26/27 broadcasts of op(A). Four depth steps per loop iteration, then single steps; the sums
/// add the steps in order, one fused multiply-add each, as the intrinsics tile does. `sums` gets
/// the 24 vectors. Lanes past a narrow panel's width are zero in P, so P is read unmasked.
#define TILE_STEP(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, offset)                                            \
    "vmovaps " offset "(%[p]), %%zmm24\n\t"                                                                            \
    "vmovaps 64+" offset "(%[p]), %%zmm25\n\t"                                                                         \
    ROW_FMA(A0, 26, 0, 1) ROW_FMA(A1, 27, 2, 3) ROW_FMA(A2, 26, 4, 5) ROW_FMA(A3, 27, 6, 7)                            \
    ROW_FMA(A4, 26, 8, 9) ROW_FMA(A5, 27, 10, 11) ROW_FMA(A6, 26, 12, 13) ROW_FMA(A7, 27, 14, 15)                      \
    ROW_FMA(A8, 26, 16, 17) ROW_FMA(A9, 27, 18, 19) ROW_FMA(A10, 26, 20, 21) ROW_FMA(A11, 27, 22, 23)
#define ROW_FMA(address, x, left, right)                                                                               \
    "vbroadcastss " address ", %%zmm" #x "\n\t"                                                                        \
    "vfmadd231ps %%zmm24, %%zmm" #x ", %%zmm" #left "\n\t"                                                             \
    "vfmadd231ps %%zmm25, %%zmm" #x ", %%zmm" #right "\n\t"
#define EXPAND_TILE_STEP(...) TILE_STEP(__VA_ARGS__)
#define SUMS_ZERO                                                                                                      \
    "vpxord %%zmm0, %%zmm0, %%zmm0\n\t" MOVE_FROM_0(1) MOVE_FROM_0(2) MOVE_FROM_0(3) MOVE_FROM_0(4) MOVE_FROM_0(5)     \
    MOVE_FROM_0(6) MOVE_FROM_0(7) MOVE_FROM_0(8) MOVE_FROM_0(9) MOVE_FROM_0(10) MOVE_FROM_0(11) MOVE_FROM_0(12)        \
    MOVE_FROM_0(13) MOVE_FROM_0(14) MOVE_FROM_0(15) MOVE_FROM_0(16) MOVE_FROM_0(17) MOVE_FROM_0(18) MOVE_FROM_0(19)    \
    MOVE_FROM_0(20) MOVE_FROM_0(21) MOVE_FROM_0(22) MOVE_FROM_0(23)
#define MOVE_FROM_0(i) "vmovaps %%zmm0, %%zmm" #i "\n\t"
#define SUMS_STORE                                                                                                     \
    STORE(0, 0) STORE(1, 64) STORE(2, 128) STORE(3, 192) STORE(4, 256) STORE(5, 320) STORE(6, 384) STORE(7, 448)       \
    STORE(8, 512) STORE(9, 576) STORE(10, 640) STORE(11, 704) STORE(12, 768) STORE(13, 832) STORE(14, 896)             \
    STORE(15, 960) STORE(16, 1024) STORE(17, 1088) STORE(18, 1152) STORE(19, 1216) STORE(20, 1280) STORE(21, 1344)     \
    STORE(22, 1408) STORE(23, 1472)
#define STORE(i, offset) "vmovaps %%zmm" #i ", " #offset "(%[sums])\n\t"

/// The tile's loop over `quads` iterations of four depth steps (`fourSteps`, then `afterFour`
/// advances op(A)) and `singles` single steps (`oneStep`, `afterOne`), between zeroing and storing
/// the sums; P advances 128 bytes per step.
#define TILE_LOOP(fourSteps, afterFour, oneStep, afterOne)                                                             \
    SUMS_ZERO                                                                                                          \
    "test %[quads], %[quads]\n\t"                                                                                      \
    "jz 2f\n"                                                                                                          \
    "1:\n\t" fourSteps afterFour                                                                                       \
    "add $512, %[p]\n\t"                                                                                               \
    "dec %[quads]\n\t"                                                                                                 \
    "jnz 1b\n"                                                                                                         \
    "2:\n\t"                                                                                                           \
    "test %[singles], %[singles]\n\t"                                                                                  \
    "jz 4f\n"                                                                                                          \
    "3:\n\t" oneStep afterOne                                                                                          \
    "add $128, %[p]\n\t"                                                                                               \
    "dec %[singles]\n\t"                                                                                               \
    "jnz 3b\n"                                                                                                         \
    "4:\n\t" SUMS_STORE
#define TILE_CLOBBERS                                                                                                  \
    "memory", "cc", "zmm0", "zmm1", "zmm2", "zmm3", "zmm4", "zmm5", "zmm6", "zmm7", "zmm8", "zmm9", "zmm10", "zmm11",  \
    "zmm12", "zmm13", "zmm14", "zmm15", "zmm16", "zmm17", "zmm18", "zmm19", "zmm20", "zmm21", "zmm22", "zmm23",        \
    "zmm24", "zmm25", "zmm26", "zmm27"

/// Row-major op(A), row r at a + r·lda: rows 0, 3, 6, 9 through their own pointers, the rows after
/// each through the row stride s (bytes) and 2s; step u of four at byte offset 4u.
#define ROW_MAJOR_STEP(u)                                                                                              \
    #u "*4(%[r0])", #u "*4(%[r0],%[s],1)", #u "*4(%[r0],%[s],2)", #u "*4(%[r3])", #u "*4(%[r3],%[s],1)",               \
        #u "*4(%[r3],%[s],2)", #u "*4(%[r6])", #u "*4(%[r6],%[s],1)", #u "*4(%[r6],%[s],2)", #u "*4(%[r9])",           \
        #u "*4(%[r9],%[s],1)", #u "*4(%[r9],%[s],2)"

__attribute__((target("avx512f"), noinline)) static void
fullTileRowMajorA(size_t depth, const float *a, size_t lda, const float *p, __m512 sums[TILE_ROWS][TILE_VECTORS]) {
    const float *r0 = a, *r3 = a + 3 * lda, *r6 = a + 6 * lda, *r9 = a + 9 * lda;
    size_t quads = depth / 4, singles = depth % 4;
    const size_t s = lda * sizeof(float);
    __asm__ volatile(
        TILE_LOOP(EXPAND_TILE_STEP(ROW_MAJOR_STEP(0), "0") EXPAND_TILE_STEP(ROW_MAJOR_STEP(1), "128")
                  EXPAND_TILE_STEP(ROW_MAJOR_STEP(2), "256") EXPAND_TILE_STEP(ROW_MAJOR_STEP(3), "384"),
                  "add $16, %[r0]\n\t" "add $16, %[r3]\n\t" "add $16, %[r6]\n\t" "add $16, %[r9]\n\t",
                  EXPAND_TILE_STEP(ROW_MAJOR_STEP(0), "0"),
                  "add $4, %[r0]\n\t" "add $4, %[r3]\n\t" "add $4, %[r6]\n\t" "add $4, %[r9]\n\t")
        : [r0] "+r"(r0), [r3] "+r"(r3), [r6] "+r"(r6), [r9] "+r"(r9), [p] "+r"(p), [quads] "+r"(quads),
          [singles] "+r"(singles)
        : [s] "r"(s), [sums] "r"(sums)
        : TILE_CLOBBERS);
}

/// Transposed op(A), step k's 12 values side by side at a + k·lda: steps 0 and 1 of four through
/// k0 (at k0 and k0 + s, s = lda in bytes), steps 2 and 3 through k2 = k0 + 2s.
#define TRANSPOSED_STEP(base, stride)                                                                                  \
    "0(%[" base "]" stride ")", "4(%[" base "]" stride ")", "8(%[" base "]" stride ")", "12(%[" base "]" stride ")",   \
        "16(%[" base "]" stride ")", "20(%[" base "]" stride ")", "24(%[" base "]" stride ")",                         \
        "28(%[" base "]" stride ")", "32(%[" base "]" stride ")", "36(%[" base "]" stride ")",                         \
        "40(%[" base "]" stride ")", "44(%[" base "]" stride ")"

__attribute__((target("avx512f"), noinline)) static void
fullTileTransposedA(size_t depth, const float *a, size_t lda, const float *p, __m512 sums[TILE_ROWS][TILE_VECTORS]) {
    const float *k0 = a, *k2 = a + 2 * lda;
    size_t quads = depth / 4, singles = depth % 4;
    const size_t s = lda * sizeof(float), s4 = 4 * s;
    __asm__ volatile(
        TILE_LOOP(EXPAND_TILE_STEP(TRANSPOSED_STEP("k0", ""), "0") EXPAND_TILE_STEP(TRANSPOSED_STEP("k0", ",%[s],1"), "128")
                  EXPAND_TILE_STEP(TRANSPOSED_STEP("k2", ""), "256") EXPAND_TILE_STEP(TRANSPOSED_STEP("k2", ",%[s],1"), "384"),
                  "add %[s4], %[k0]\n\t" "add %[s4], %[k2]\n\t",
                  EXPAND_TILE_STEP(TRANSPOSED_STEP("k0", ""), "0"),
                  "add %[s], %[k0]\n\t")
        : [k0] "+r"(k0), [k2] "+r"(k2), [p] "+r"(p), [quads] "+r"(quads), [singles] "+r"(singles)
        : [s] "r"(s), [s4] "r"(s4), [sums] "r"(sums)
        : TILE_CLOBBERS);
}

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

/// One product's arguments, as `ck_sgemm` received them, and the caller's floating-point mode.
typedef struct {
    int transA, transB;
    size_t m, n, k, lda, ldb, ldc;
    float alpha, beta;
    const float *a, *b;
    float *c;
    ck_gemm_extras extras;
    unsigned mode;
} Product;

/// Columns 32·index ..< 32·index + 32 of C (fewer in the last panel), every row, every depth block,
/// with the product's extras for these columns.
__attribute__((target("avx512f"))) static void computePanel(const Product *p, size_t index) {
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

/// The share this thread publishes its products on, or NULL.
static _Thread_local ck_product_share *currentShare;

ck_product_share *ck_share_exchange_current(ck_product_share *share) {
    ck_product_share *previous = currentShare;
    currentShare = share;
    return previous;
}

__attribute__((target("avx512f"))) void ck_share_help(ck_product_share *share) {
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
        computePanel(&product, next);
        ck_set_floating_point_mode(mode);
        atomic_fetch_add_explicit(&share->finished, 1, memory_order_release);
        state = atomic_load_explicit(&share->state, memory_order_acquire);
    }
}

__attribute__((target("avx512f"))) void
ck_sgemm(int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
         const float *b, size_t ldb, float beta, float *c, size_t ldc, const ck_gemm_extras *extras) {
    const ck_gemm_extras none = {0};
    const Product product = {transA, transB, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c, extras ? *extras : none,
                             ck_floating_point_mode()};
    const size_t panels = (n + PANEL_COLUMNS - 1) / PANEL_COLUMNS;
    ck_product_share *share = currentShare;
    if (!share || panels < 2 || panels > 0xFFFF) {
        for (size_t index = 0; index < panels; index++) computePanel(&product, index);
        return;
    }
    share->product = product;
    atomic_store_explicit(&share->finished, 0, memory_order_relaxed);
    const uint32_t generation = ++share->generation;  // odd: open
    atomic_store_explicit(&share->state, shareState(generation, (uint32_t)panels, 0), memory_order_release);
    for (;;) {
        const uint64_t state = atomic_fetch_add_explicit(&share->state, 1, memory_order_acq_rel);
        const size_t next = state & 0xFFFF;
        if (next >= panels) break;
        computePanel(&product, next);
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

int ck_sgemm_available(void) { return 0; }

void ck_sgemm(int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
              const float *b, size_t ldb, float beta, float *c, size_t ldc, const ck_gemm_extras *extras) {
    (void)transA, (void)transB, (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda, (void)b, (void)ldb,
        (void)beta, (void)c, (void)ldc, (void)extras;
    __builtin_trap();  // callers check ck_sgemm_available first
}

struct ck_product_share {
    int unused;
};

ck_product_share *ck_share_exchange_current(ck_product_share *share) {
    (void)share;
    return NULL;
}

void ck_share_help(ck_product_share *share) { (void)share; }

#endif

ck_product_share *ck_share_create(void) { return calloc(1, sizeof(ck_product_share)); }

void ck_share_destroy(ck_product_share *share) { free(share); }
