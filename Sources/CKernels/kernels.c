#include "CKernels.h"
#include <math.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

// On Linux x86-64, each kernel is compiled three times (baseline SSE2, AVX2 and AVX-512) and the
// loader picks the widest the CPU supports; elsewhere the compiler's default target is used.
// sqrt without errno, so that it vectorises (v / correction2 is never negative).
#if defined(__clang__)
#define SQRT(x) __builtin_elementwise_sqrt(x)
#else
#define SQRT(x) sqrtf(x)
#endif

#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define KERNEL __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define KERNEL
#endif

KERNEL void ck_add_bias_relu(float *restrict y, const float *restrict b, size_t rows, size_t columns) {
    for (size_t r = 0; r < rows; r++) {
        float *restrict row = y + r * columns;
        for (size_t c = 0; c < columns; c++) {
            float z = row[c] + b[c];
            row[c] = z < 0 ? 0 : z;
        }
    }
}

KERNEL void ck_add_bias(float *restrict y, const float *restrict b, size_t rows, size_t columns) {
    for (size_t r = 0; r < rows; r++) {
        float *restrict row = y + r * columns;
        for (size_t c = 0; c < columns; c++) row[c] += b[c];
    }
}

KERNEL void ck_relu_backward(float *restrict g, const float *restrict y, size_t count) {
    for (size_t i = 0; i < count; i++) g[i] = y[i] > 0 ? g[i] : 0;
}

KERNEL void ck_column_sums(float *restrict sums, const float *restrict x, size_t rows, size_t columns) {
    for (size_t c = 0; c < columns; c++) sums[c] = 0;
    for (size_t r = 0; r < rows; r++) {
        const float *restrict row = x + r * columns;
        for (size_t c = 0; c < columns; c++) sums[c] += row[c];
    }
}

KERNEL void ck_adam(float *restrict theta, float *restrict m, float *restrict v, const float *restrict g, size_t count,
                    float b1, float b2, float c1, float c2, float correction1, float correction2, float eps, float scale) {
    for (size_t i = 0; i < count; i++) {
        float mi = c1 * g[i] + b1 * m[i];
        float vi = c2 * (g[i] * g[i]) + b2 * v[i];
        m[i] = mi;
        v[i] = vi;
        float mHat = mi / correction1;
        float vHat = vi / correction2;
        theta[i] = theta[i] + scale * (mHat / (SQRT(vHat) + eps));
    }
}

KERNEL void ck_soft_update(float *restrict t, const float *restrict s, size_t count, float rate, float keep) {
    for (size_t i = 0; i < count; i++) t[i] = s[i] * rate + t[i] * keep;
}

KERNEL void ck_matrix_vector(float *restrict y, const float *restrict a, size_t rows, size_t columns, size_t lda,
                             const float *restrict x) {
    for (size_t r = 0; r < rows; r++) {
        const float *restrict row = a + r * lda;
        float partial[16] = {0};
        size_t k = 0;
        for (; k + 16 <= columns; k += 16) {
            for (size_t j = 0; j < 16; j++) partial[j] += row[k + j] * x[k + j];
        }
        float sum = 0;
        for (size_t j = 0; j < 16; j++) sum += partial[j];
        for (; k < columns; k++) sum += row[k] * x[k];
        y[r] = sum;
    }
}

KERNEL void ck_transposed_matrix_vector(float *restrict y, const float *restrict a, size_t rows, size_t columns,
                                        size_t lda, const float *restrict x) {
    for (size_t c = 0; c < columns; c++) y[c] = 0;
    for (size_t r = 0; r < rows; r++) {
        const float *restrict row = a + r * lda;
        float xr = x[r];
        for (size_t c = 0; c < columns; c++) y[c] += row[c] * xr;
    }
}

KERNEL void ck_outer_product(float *restrict c, const float *restrict x, size_t rows, const float *restrict y,
                             size_t columns, size_t ldc) {
    for (size_t r = 0; r < rows; r++) {
        float *restrict row = c + r * ldc;
        float xr = x[r];
        for (size_t j = 0; j < columns; j++) row[j] = xr * y[j];
    }
}

KERNEL void ck_unit_layer_backward(float *restrict dw, float *restrict g, const float *restrict h,
                                   const float *restrict dy, const float *restrict w, size_t rows, size_t columns,
                                   size_t first, size_t count) {
    for (size_t c = first; c < first + count; c++) dw[c] = 0;
    for (size_t r = 0; r < rows; r++) {
        const float *restrict out = h + r * columns;
        float *restrict row = g + r * columns;
        const float dyr = dy[r];
        for (size_t c = first; c < first + count; c++) {
            dw[c] += out[c] * dyr;
            row[c] = out[c] > 0 ? dyr * w[c] : 0;
        }
    }
}

unsigned ck_floating_point_mode(void) {
#if defined(__x86_64__)
    return _mm_getcsr();
#else
    return 0;
#endif
}

void ck_set_floating_point_mode(unsigned mode) {
#if defined(__x86_64__)
    _mm_setcsr(mode);
#else
    (void)mode;
#endif
}

unsigned ck_flush_subnormals(void) {
    unsigned previous = ck_floating_point_mode();
#if defined(__x86_64__)
    ck_set_floating_point_mode(previous | 0x8040);  /* FTZ (bit 15) and DAZ (bit 6) */
#endif
    return previous;
}
