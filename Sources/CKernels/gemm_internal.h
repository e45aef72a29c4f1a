// Internal to CKernels: what the matrix kernel (gemm.c) and the panel-sharing protocol (share.c)
// both need. Not part of the module's interface.
#ifndef CKERNELS_GEMM_INTERNAL_H
#define CKERNELS_GEMM_INTERNAL_H

#include "CKernels.h"

/// The register tile is TILE_ROWS × (16 · TILE_VECTORS) floats of C; C is computed in column
/// panels of PANEL_COLUMNS, op(B) packed in depth blocks of up to DEPTH_BLOCK rows.
enum { TILE_ROWS = 12, TILE_VECTORS = 2, PANEL_COLUMNS = 16 * TILE_VECTORS, DEPTH_BLOCK = 256 };

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

/// Computes column panel `index` of `product` (gemm.c). Invariant: a panel's result depends only
/// on the product's arguments, never on which thread computes it or in which order, so panels may
/// be handed out to any thread.
void ck_compute_panel(const Product *product, size_t index);

/// Computes every one of `panels` panels of `product` on the calling thread, offering them on
/// `share` to a partner thread, and returns when all are done, whoever computed them (share.c).
void ck_share_compute(ck_product_share *share, const Product *product, size_t panels);

#endif
