#ifndef CBLAS_SHIM_H
#define CBLAS_SHIM_H
/* OpenBLAS's cblas.h also declares openblas_set_num_threads and openblas_get_corename. */
#include <cblas.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

/* What the CPU and the OS support, from cpuid and xgetbv (Swift cannot call either):
 * 2 = AVX-512 F/DQ/BW/VL, 1 = AVX2 + FMA, 0 = neither (or not x86-64). */
static inline int cblas_shim_vector_level(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!(fma && osxsave && avx)) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0x6) != 0x6) return 0;                       /* XMM and YMM state */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (!((b >> 5) & 1)) return 0;                                /* AVX2 */
    unsigned avx512 = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);  /* F, DQ, BW, VL */
    return ((b & avx512) == avx512 && (xcr0_low & 0xE6) == 0xE6) ? 2 : 1;
#else
    return 0;
#endif
}
#endif
