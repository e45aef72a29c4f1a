// The panel kernel on AVX-512 (see gemm.c for the blocking and the arithmetic every panel kernel
// shares): 12 rows × 32 columns of C in 24 vector accumulators; per depth step two vector loads of
// op(B), twelve broadcasts of op(A), 24 fused multiply-adds. The full tile's depth loop is inline
// assembly (`fullTileRowMajorA`, `fullTileTransposedA` in gemm_asm.h), the narrower tiles at the
// edges of C are intrinsics; both do the same operations in the same order. op(B) is packed with
// 16 × 16 register transposes when it is stored n × k.
#include "gemm_internal.h"

#if defined(__x86_64__) && defined(__clang__)
#include "gemm_asm.h"

/// Fully unrolls a loop with constant bounds, so that the tile's accumulators live in registers.
#define UNROLLED _Pragma("clang loop unroll(full)")

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

/// Lanes 0 ..< count (≤ 16) of a vector.
static inline __mmask16 firstLanes(size_t count) { return count >= 16 ? 0xFFFF : (__mmask16)((1u << count) - 1); }

/// One band of the tallest height (12, 8, 4, 2 or 1) that fits in `remaining` rows, over the
/// packed panel of `width` columns; returns its height.
__attribute__((target("avx512f"), noinline)) static size_t
band(int rowMajorA, size_t remaining, size_t depth, const float *a, size_t lda, const float *p, float *c, size_t ldc,
     size_t width, float alpha, float beta, const Finish *finish) {
    const int rows = remaining >= 12 ? 12 : remaining >= 8 ? 8 : remaining >= 4 ? 4 : remaining >= 2 ? 2 : 1;
    const int vectors = width > 16 ? 2 : 1;
    const __mmask16 last = firstLanes(width - 16 * (size_t)(vectors - 1));
    if (rowMajorA) {
        if (vectors == 2) BAND(1, 2) else BAND(1, 1)
    } else {
        if (vectors == 2) BAND(0, 2) else BAND(0, 1)
    }
    return (size_t)rows;
}

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

const PanelKernel ck_avx512_panel_kernel = {"AVX-512", pack, band};

#endif
