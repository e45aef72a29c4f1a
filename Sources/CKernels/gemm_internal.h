// Internal to CKernels: what the matrix product's driver (gemm.c), its panel kernels
// (gemm_avx512.c, gemm_avx2.c) and the panel-sharing protocol (share.c) share. Not part of the module's interface.
#ifndef CKERNELS_GEMM_INTERNAL_H
#define CKERNELS_GEMM_INTERNAL_H

#include "CKernels.h"

/// C is computed in column panels of PANEL_COLUMNS, op(B) packed in depth blocks of up to
/// DEPTH_BLOCK rows.
enum { PANEL_COLUMNS = 32, DEPTH_BLOCK = 256 };

/// One product's arguments, as `ck_sgemm` received them, the caller's floating-point mode and the
/// panel kernel that computes it (every panel, whichever thread computes it).
typedef struct {
    int transA, transB;
    size_t m, n, k, lda, ldb, ldc;
    float alpha, beta;
    const float *a, *b;
    float *c;
    ck_gemm_extras extras;
    unsigned mode;
    const struct PanelKernel *kernel;
} Product;

/// What a band applies to its results after α·Σ + β·C on a product's last depth block, in this
/// order (fields NULL/0: skipped): + bias[j], max(0, ·) (NaN stays NaN), and zero where the ReLU
/// output h[r, j] is not > 0 (the ReLU backward). Pointers are offset to the band's first row and
/// the panel's first column.
typedef struct {
    const float *bias;
    int relu;
    const float *reluOutput;
} Finish;

/// One instruction set's part of a panel (gemm.c states the arithmetic both must do):
/// - `pack` copies op(B)[p0 ..< p0 + depth, j0 ..< j0 + width] (width ≤ PANEL_COLUMNS) into `out`,
///   PANEL_COLUMNS floats per row, lanes past `width` zero; with `sums` (offset to column j0) it
///   also adds the block's rows to the column sums, row after row, from 0 when p0 = 0;
/// - `band` computes C[r, j] = α·Σ_{p < depth} A(r, p)·P[p, j] (+ β·C[r, j] when β ≠ 0; C is not
///   read when β = 0), then `finish`, for j < width and the band's rows, the most that fit in
///   `remaining`; A(r, p) = a[r·lda + p] with `rowMajorA`, else a[p·lda + r]. Returns the rows done.
typedef struct PanelKernel {
    const char *name;
    void (*pack)(float *restrict out, const float *restrict b, size_t ldb, int transB, size_t p0, size_t depth,
                 size_t j0, size_t width, float *restrict sums);
    size_t (*band)(int rowMajorA, size_t remaining, size_t depth, const float *a, size_t lda, const float *p, float *c,
                   size_t ldc, size_t width, float alpha, float beta, const Finish *finish);
} PanelKernel;

/// The panel kernels (gemm_avx512.c, gemm_avx2.c); defined on x86-64 with clang.
extern const PanelKernel ck_avx512_panel_kernel, ck_avx2_panel_kernel;

/// Computes column panel `index` of `product` (gemm.c). Invariant: a panel's result depends only
/// on the product's arguments, never on which thread computes it or in which order, so panels may
/// be handed out to any thread.
void ck_compute_panel(const Product *product, size_t index);

/// Computes every one of `panels` panels of `product` on the calling thread, offering them on
/// `share` to a partner thread, and returns when all are done, whoever computed them (share.c).
void ck_share_compute(ck_product_share *share, const Product *product, size_t panels);

#endif
