// Elementwise kernels of one IQL update, in C so that they vectorise (restrict pointers, and on
// Linux x86-64 an AVX2 clone picked at load time) and stay fast in debug builds, where Swift's
// SIMD types are not inlined. Every kernel does the same IEEE operations per element in every
// build (no FMA contraction, no reassociation), so results are identical across clones.
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

#endif
