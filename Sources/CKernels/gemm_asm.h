// The full 12 × 32 register tile's depth loop in inline assembly, for gemm_avx512.c (included
// once, after gemm_internal.h). Same operations in the same order as the intrinsics tile there.
#ifndef CKERNELS_GEMM_ASM_H
#define CKERNELS_GEMM_ASM_H

#include "gemm_internal.h"
#include <immintrin.h>

/// The AVX-512 register tile is TILE_ROWS × (16 · TILE_VECTORS) floats of C.
enum { TILE_ROWS = 12, TILE_VECTORS = 2 };

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

#endif
