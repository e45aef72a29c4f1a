// The panel kernel on AVX2 + FMA (see gemm.c for the blocking and the arithmetic every panel
// kernel shares): with 16 vector registers, a tile is 6 rows × 16 columns of C in 12
// accumulators, so a band runs it over the panel's two halves in turn; per depth step two
// vector loads of op(B), six broadcasts of op(A), 12 fused multiply-adds. op(B) is packed by
// copies the compiler vectorises, or by 8 × 8 register transposes when it is stored n × k.
#include "gemm_internal.h"

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

/// Fully unrolls a loop with constant bounds, so that the tile's accumulators live in registers.
#define UNROLLED _Pragma("clang loop unroll(full)")

/// The tallest tile: 6 rows.
enum { ROWS = 6 };

/// Lanes 0 ..< count (≤ 8) of a vector, as the sign bits maskload and maskstore read.
__attribute__((target("avx2"))) static inline __m256i firstLanes(size_t count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// C[r, 8v + j] for r < rows, v < vectors (the last vector's lanes masked by `last`):
///   α · Σ_{p < depth} A(r, p) · P[p, 8v + j]  (+ β · C when β ≠ 0; C is not read when β = 0)
/// then `finish`; A(r, p) = a[r·lda + p] (`rowMajorA`) or a[p·lda + r], P a half of the packed
/// panel. `rows`, `vectors` and `rowMajorA` are constants at every call, so each call unrolls fully.
__attribute__((target("avx2,fma"), always_inline)) static inline void
tile(const int rows, const int vectors, const int rowMajorA, size_t depth, const float *restrict a, size_t lda,
     const float *restrict p, float *restrict c, size_t ldc, __m256i last, float alpha, float beta,
     const Finish *finish) {
    __m256 sums[ROWS][2];
    UNROLLED for (int r = 0; r < rows; r++)
        UNROLLED for (int v = 0; v < vectors; v++) sums[r][v] = _mm256_setzero_ps();
    // Row r of op(A) at row[r] (row-major A), or depth step k's column of op(A) at `column`: the
    // addresses advance by one addition per step instead of being recomputed.
    const float *row[ROWS];
    UNROLLED for (int r = 0; r < rows; r++) row[r] = a + r * lda;
    const float *column = a;
    for (size_t k = 0; k < depth; k++) {
        __m256 b[2];
        UNROLLED for (int v = 0; v < vectors; v++) b[v] = _mm256_load_ps(p + 8 * v);
        UNROLLED for (int r = 0; r < rows; r++) {
            const __m256 x = _mm256_broadcast_ss(rowMajorA ? row[r] + k : column + r);
            UNROLLED for (int v = 0; v < vectors; v++) sums[r][v] = _mm256_fmadd_ps(x, b[v], sums[r][v]);
        }
        p += PANEL_COLUMNS;
        column += lda;
    }
    const __m256 scale = _mm256_set1_ps(alpha), keep = _mm256_set1_ps(beta), zero = _mm256_setzero_ps();
    const int lastIsWhole = _mm256_movemask_ps(_mm256_castsi256_ps(last)) == 0xFF;
    UNROLLED for (int r = 0; r < rows; r++) {
        UNROLLED for (int v = 0; v < vectors; v++) {
            float *out = c + r * ldc + 8 * v;
            // Masked moves only for a partial vector: on AMD CPUs they cost several plain ones.
            const int whole = v < vectors - 1 || lastIsWhole;
#define LOAD(address) (whole ? _mm256_loadu_ps(address) : _mm256_maskload_ps(address, last))
            __m256 value = _mm256_mul_ps(scale, sums[r][v]);
            if (beta != 0) value = _mm256_fmadd_ps(keep, LOAD(out), value);
            if (finish) {
                if (finish->bias) value = _mm256_add_ps(value, LOAD(finish->bias + 8 * v));
                if (finish->relu) value = _mm256_max_ps(zero, value);  // NaN stays NaN
                if (finish->reluOutput) {
                    const __m256 h = LOAD(finish->reluOutput + r * ldc + 8 * v);
                    value = _mm256_and_ps(_mm256_cmp_ps(h, zero, _CMP_GT_OQ), value);
                }
            }
#undef LOAD
            if (whole) _mm256_storeu_ps(out, value);
            else _mm256_maskstore_ps(out, last, value);
        }
    }
}

/// One tile of `rows` (6, 4, 2 or 1) rows.
#define TILE(rowMajorA, vectors)                                                                         \
    switch (rows) {                                                                                      \
    case 6: tile(6, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break;   \
    case 4: tile(4, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break;   \
    case 2: tile(2, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break;   \
    default: tile(1, vectors, rowMajorA, depth, a, lda, p, c, ldc, last, alpha, beta, finish); break;  \
    }

/// The tile over columns 0 ..< width (≤ 16) of a half panel, `rows` (6, 4, 2 or 1) high.
__attribute__((target("avx2,fma"), noinline)) static void
halfBand(int rowMajorA, int rows, size_t depth, const float *a, size_t lda, const float *p, float *c, size_t ldc,
         size_t width, float alpha, float beta, const Finish *finish) {
    const int vectors = width > 8 ? 2 : 1;
    const __m256i last = firstLanes(width - 8 * (size_t)(vectors - 1));
    if (rowMajorA) {
        if (vectors == 2) TILE(1, 2) else TILE(1, 1)
    } else {
        if (vectors == 2) TILE(0, 2) else TILE(0, 1)
    }
}

/// One band of the tallest height (6, 4, 2 or 1) that fits in `remaining` rows: the panel's
/// columns 0 ..< 16, then 16 ..< width, while the band's rows of op(A) are in L1; returns its height.
static size_t band(int rowMajorA, size_t remaining, size_t depth, const float *a, size_t lda, const float *p, float *c,
                   size_t ldc, size_t width, float alpha, float beta, const Finish *finish) {
    const int rows = remaining >= 6 ? 6 : remaining >= 4 ? 4 : remaining >= 2 ? 2 : 1;
    for (size_t j0 = 0; j0 < width; j0 += 16) {
        const Finish half = finish ? (Finish){finish->bias ? finish->bias + j0 : NULL, finish->relu,
                                              finish->reluOutput ? finish->reluOutput + j0 : NULL}
                                   : (Finish){0};
        halfBand(rowMajorA, rows, depth, a, lda, p + j0, c + j0, ldc, width - j0 < 16 ? width - j0 : 16, alpha, beta,
                 finish ? &half : NULL);
    }
    return (size_t)rows;
}

/// Transposes the 8 × 8 block held in r[0 ..< 8] (row i in r[i]) in place.
__attribute__((target("avx2"), always_inline)) static inline void transpose8(__m256 r[8]) {
    __m256 t[8], u[8];
    UNROLLED for (int i = 0; i < 4; i++) {
        t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    UNROLLED for (int i = 0; i < 2; i++) {
        u[4 * i] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        u[4 * i + 1] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        u[4 * i + 2] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        u[4 * i + 3] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    UNROLLED for (int i = 0; i < 4; i++) {
        r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
        r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
    }
}

/// pack's n × k case (op(B)'s column j0 + j is B's row): 8 × 8 register transposes of whole
/// blocks, element copies at the edges.
__attribute__((target("avx2"))) static void
packTransposed(float *restrict out, const float *restrict b, size_t ldb, size_t p0, size_t depth, size_t j0,
               size_t width) {
    const size_t wholeColumns = width / 8 * 8, wholeDepth = depth / 8 * 8;
    for (size_t j = 0; j < wholeColumns; j += 8) {
        for (size_t k = 0; k < wholeDepth; k += 8) {
            __m256 r[8];
            UNROLLED for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(b + (j0 + j + i) * ldb + p0 + k);
            transpose8(r);
            UNROLLED for (int i = 0; i < 8; i++) _mm256_store_ps(out + (k + i) * PANEL_COLUMNS + j, r[i]);
        }
        for (size_t i = 0; i < 8; i++)
            for (size_t k = wholeDepth; k < depth; k++) out[k * PANEL_COLUMNS + j + i] = b[(j0 + j + i) * ldb + p0 + k];
    }
    for (size_t j = wholeColumns; j < PANEL_COLUMNS; j++)
        for (size_t k = 0; k < depth; k++) out[k * PANEL_COLUMNS + j] = j < width ? b[(j0 + j) * ldb + p0 + k] : 0;
}

/// op(B)'s block copied (transposes are exact), and its column sums added row after row as
/// `ck_column_sums` adds them.
static void pack(float *restrict out, const float *restrict b, size_t ldb, int transB, size_t p0, size_t depth,
                 size_t j0, size_t width, float *restrict sums) {
    if (transB) {
        packTransposed(out, b, ldb, p0, depth, j0, width);
    } else {
        for (size_t k = 0; k < depth; k++) {
            const float *row = b + (p0 + k) * ldb + j0;
            for (size_t j = 0; j < PANEL_COLUMNS; j++) out[k * PANEL_COLUMNS + j] = j < width ? row[j] : 0;
        }
    }
    if (!sums) return;
    float total[PANEL_COLUMNS];
    for (size_t j = 0; j < PANEL_COLUMNS; j++) total[j] = p0 == 0 || j >= width ? 0 : sums[j];
    for (size_t k = 0; k < depth; k++)  // each column's rows in order; the columns side by side
        for (size_t j = 0; j < PANEL_COLUMNS; j++) total[j] += out[k * PANEL_COLUMNS + j];
    for (size_t j = 0; j < width; j++) sums[j] = total[j];
}

const PanelKernel ck_avx2_panel_kernel = {"AVX2", pack, band};

#endif
