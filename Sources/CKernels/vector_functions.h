// The core's exponential, sigmoid, SiLU and tanh, written once for a vector of any width and compiled once per
// instruction set (elementwise_avx512.c, elementwise_avx2.c, elementwise_baseline.c, and the matrix product's
// epilogue). Every lane runs the operations of FastMath in TensorCore (Cephes' degree-6 polynomial after range
// reduction) in the same order, each rounded once, and the fused multiply–adds exactly where FastMath has them, so
// that every width gives the same bits: the tests compare each compiled width with the Swift SIMD8 definition.
//
// Before including this file, define
//   VF      a float vector type   (float __attribute__((ext_vector_type(LANES))))
//   VI, VU  int32 and uint32 vectors with the same number of lanes
//   KERNEL  the attributes of every function here (the target instruction set, and `static inline`)
//
// Floating-point contraction must stay off (the package compiles CKernels with -ffp-contract=off, and the pragma
// below repeats it): a compiler that fused a multiply and an add on its own would change the last bit on some
// targets and not on others.
#pragma clang fp contract(off)

// Lanes of `yes` where `mask` is all ones, of `no` where it is zero (the masks come from vector comparisons).
KERNEL VF vf_select(VI mask, VF yes, VF no) { return (VF)(((VI)yes & mask) | ((VI)no & ~mask)); }

// e^x: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 in two parts), a degree-6 polynomial for e^r, and 2ⁿ assembled in the
// exponent bits in two halves so that n = 128 does not overflow the field. Below −87.34 the result is exactly 0 (no
// subnormals); above 88.72 the argument is clamped, so every larger x, +∞ included, gives 3.4027985e38, the largest
// value below FLT_MAX that the clamp reaches, and not +∞ (FastMath does the same).
KERNEL VF vf_exp(VF x) {
    const float maximum = 88.72283f, minimum = -87.33654f, shifter = 12582912.0f;  // shifter = 1.5·2²³
    VI underflow = x < minimum;
    VF clamped = vf_select(x > maximum, (VF)maximum, x);
    clamped = vf_select(underflow, (VF)minimum, clamped);
    // n = round(x·log₂e): adding and subtracting 1.5·2²³ rounds to the nearest integer (three roundings, no fusion).
    VF n = (clamped * 1.44269504f + shifter) - shifter;
    VF r = __builtin_elementwise_fma(n, (VF)-0.693359375f, clamped);
    r = __builtin_elementwise_fma(n, (VF)2.1219444e-4f, r);
    VF p = (VF)1.98756915e-4f;
    p = __builtin_elementwise_fma(p, r, (VF)1.3981999507e-3f);
    p = __builtin_elementwise_fma(p, r, (VF)8.3334519073e-3f);
    p = __builtin_elementwise_fma(p, r, (VF)4.1665795894e-2f);
    p = __builtin_elementwise_fma(p, r, (VF)1.6666665459e-1f);
    p = __builtin_elementwise_fma(p, r, (VF)5.0000001201e-1f);
    VF er = __builtin_elementwise_fma(p, r * r, r + 1.0f);
    // n + 1.5·2²³ holds the integer n in its low mantissa bits.
    VI integerN = (VI)(n + shifter) - 0x4B400000;
    VI halfN = integerN >> 1;
    VF scale1 = (VF)((VU)(halfN + 127) << 23);
    VF scale2 = (VF)((VU)(integerN - halfN + 127) << 23);
    return vf_select(underflow, (VF)0.0f, er * scale1 * scale2);
}

// σ(x) = 1/(1 + e^{−x}); exactly 0 below −87.34, where the true value is below the smallest normal float.
KERNEL VF vf_sigmoid(VF x) {
    VF s = 1.0f / (1.0f + vf_exp(-x));
    return vf_select(x < -87.33654f, (VF)0.0f, s);
}

// SiLU, x·σ(x).
KERNEL VF vf_silu(VF x) { return x * vf_sigmoid(x); }

// tanh(x) = 1 − 2/(e^{2x} + 1), and for |x| < 0.0625 the series x − x³/3 + 2x⁵/15, which avoids the cancellation of
// the first form near 0.
KERNEL VF vf_tanh(VF x) {
    VF viaExp = 1.0f - 2.0f / (vf_exp(2.0f * x) + 1.0f);
    VF x2 = x * x;
    VF series = x * (1.0f + x2 * (-1.0f / 3.0f + x2 * (2.0f / 15.0f)));
    return vf_select((x < 0.0625f) & (x > -0.0625f), series, viaExp);
}
