// Elementwise kernels of one IQL update, and the matrix-vector products that OpenBLAS runs slowly
// (GEMMs with n = 1 or k = 1), in C so that they vectorise (restrict pointers, and on Linux x86-64
// AVX2 and AVX-512 clones picked at load time) and stay fast in debug builds, where Swift's SIMD
// types are not inlined. Every kernel does the same IEEE operations in the same order per element
// in every build (no FMA contraction, no reassociation), so results are identical across clones.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>

/// y[r, c] = max(y[r, c] + b[c], 0) over a row-major rows × columns block.
void ck_add_bias_relu(float *restrict y, const float *restrict b, size_t rows, size_t columns);

/// y[r, c] += b[c] over a row-major rows × columns block.
void ck_add_bias(float *restrict y, const float *restrict b, size_t rows, size_t columns);

/// g[i] = y[i] > 0 ? g[i] : 0 (the ReLU backward from its output y; NaN y gives 0).
void ck_relu_backward(float *restrict g, const float *restrict y, size_t count);

/// sums[c] = Σ_r x[r, c] over a row-major rows × columns block, rows added in order.
void ck_column_sums(float *restrict sums, const float *restrict x, size_t rows, size_t columns);

/// One Adam step over count parameters:
///   m = c1·g + b1·m;  v = c2·g² + b2·v;  θ = θ + scale·((m / correction1) / (sqrt(v / correction2) + eps))
/// with c1 = 1 − β₁, c2 = 1 − β₂, correction_k = 1 − β_kᵗ, scale = −learning rate.
void ck_adam(float *restrict theta, float *restrict m, float *restrict v, const float *restrict g, size_t count,
             float b1, float b2, float c1, float c2, float correction1, float correction2, float eps, float scale);

/// t[i] = s[i]·rate + t[i]·keep (the soft target update with keep = 1 − rate).
void ck_soft_update(float *restrict t, const float *restrict s, size_t count, float rate, float keep);

/// y[r] = Σ_k a[r·lda + k]·x[k] for r < rows (k < columns): a row-major matrix times a vector.
/// Each row's sum runs in 16 interleaved partial sums (k mod 16) added in order, then the tail.
void ck_matrix_vector(float *restrict y, const float *restrict a, size_t rows, size_t columns, size_t lda,
                      const float *restrict x);

/// y[c] = Σ_r a[r·lda + c]·x[r] for c < columns (r < rows, added in order): the transpose of a
/// row-major matrix times a vector.
void ck_transposed_matrix_vector(float *restrict y, const float *restrict a, size_t rows, size_t columns,
                                 size_t lda, const float *restrict x);

/// c[r·ldc + j] = x[r]·y[j] for r < rows, j < columns: the outer product of two vectors.
void ck_outer_product(float *restrict c, const float *restrict x, size_t rows, const float *restrict y,
                      size_t columns, size_t ldc);

/// The backward pass of a one-unit layer y = h·w + b whose input h (rows × columns) is a ReLU's
/// output, over columns first ..< first + count, in one pass over h:
///   dw[c] = Σ_r h[r, c]·dy[r] (rows in order, as ck_transposed_matrix_vector) and
///   g[r, c] = h[r, c] > 0 ? dy[r]·w[c] : 0 (dy · wᵀ through the ReLU).
void ck_unit_layer_backward(float *restrict dw, float *restrict g, const float *restrict h, const float *restrict dy,
                            const float *restrict w, size_t rows, size_t columns, size_t first, size_t count);

/// How many panel kernels `ck_sgemm` can run on this CPU (x86-64 built with clang): 2 with
/// AVX-512F (kernel 0 AVX-512, kernel 1 AVX2), 1 with AVX2 + FMA only (kernel 0 AVX2), else 0.
/// Every kernel gives the same bits for the same product.
int ck_sgemm_kernels(void);

/// The name of panel kernel `kernel` ("AVX-512", "AVX2"), NULL past `ck_sgemm_kernels()`.
const char *ck_sgemm_kernel_name(int kernel);

/// What `ck_sgemm` does besides the product, in one pass with it (NULL / 0 fields: nothing):
/// - `bias`: C[i, j] += bias[j] (n floats), then, with `relu`, C[i, j] = max(0, C[i, j]) (NaN stays);
/// - `reluOutput`: C[i, j] = 0 unless reluOutput[i·ldc + j] > 0 (a ReLU's backward pass from its
///   output h, laid out like C);
/// - `columnSumsOfB`: columnSumsOfB[j] = Σ_k op(B)[k, j], rows added in order (n floats; a layer's
///   bias gradient when op(B) is dL/dy).
/// Each is the same float arithmetic as `ck_add_bias_relu`, `ck_relu_backward` and `ck_column_sums`.
typedef struct {
    const float *bias;
    int relu;
    const float *reluOutput;
    float *columnSumsOfB;
} ck_gemm_extras;

/// A channel on which one thread offers the column panels of the products it runs (`ck_sgemm`)
/// to a partner thread (protocol: share.c). Create one per offering thread; destroy it when
/// neither thread uses it.
typedef struct ck_product_share ck_product_share;

ck_product_share *ck_share_create(void);
void ck_share_destroy(ck_product_share *share);

/// C ← α·op(A)·op(B) + β·C on row-major storage, as cblas_sgemm(CblasRowMajor, …): op(A) is m × k
/// (A stored m × k, or k × m when transA ≠ 0), op(B) is k × n (B stored k × n, or n × k when
/// transB ≠ 0), C is m × n with leading dimension ldc. C is not read when β = 0. `extras` (may be
/// NULL) adds a bias, ReLU, ReLU backward or column sums. With `share` (may be NULL), the column
/// panels are offered on it to a partner thread calling `ck_share_help`; the result is the same.
/// Runs on panel kernel `kernel` (0: the widest), which must be below `ck_sgemm_kernels()`; the
/// arithmetic per element is stated in gemm.c and is the same on every kernel. Allocates nothing
/// after a thread's first call (32 KB per thread hold a panel of packed op(B)).
void ck_sgemm(int kernel, int transA, int transB, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
              const float *b, size_t ldb, float beta, float *c, size_t ldc, const ck_gemm_extras *extras,
              ck_product_share *share);

/// Computes panels of the product open on `share` (another thread's) until none is left to claim;
/// returns at once when no product is open. Each panel runs in the owner's floating-point mode.
void ck_share_help(ck_product_share *share);

/// This thread's floating-point mode (x86-64: the MXCSR register; 0 elsewhere).
unsigned ck_floating_point_mode(void);

/// Sets this thread's floating-point mode to one `ck_floating_point_mode` returned.
void ck_set_floating_point_mode(unsigned mode);

/// Makes this thread's SSE/AVX arithmetic treat subnormal inputs and results as zero (x86-64:
/// MXCSR's DAZ and FTZ bits; a no-op elsewhere) and returns the previous mode.
unsigned ck_flush_subnormals(void);

#endif
