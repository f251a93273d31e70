// The elementwise loops of the core's vector functions, instantiated once per instruction set by the file that
// includes this one (after defining LANES, SUFFIX and KERNEL, see vector_functions.h). Each loop runs whole vectors,
// then the tail in a zero-padded vector, so an element's result does not depend on its position in the array.
#include <string.h>

typedef float VF __attribute__((ext_vector_type(LANES)));
typedef int VI __attribute__((ext_vector_type(LANES)));
typedef unsigned VU __attribute__((ext_vector_type(LANES)));

#include "vector_functions.h"

#define CK_GLUE2(a, b) a##_##b
#define CK_GLUE(a, b) CK_GLUE2(a, b)

// One vector function chosen by `function` (the loop is the same for all of them; the switch is outside it).
KERNEL VF CK_GLUE(apply_one, SUFFIX)(ck_vector_function function, VF v) {
    switch (function) {
    case CK_EXP: return vf_exp(v);
    case CK_SIGMOID: return vf_sigmoid(v);
    case CK_SILU: return vf_silu(v);
    case CK_TANH: return vf_tanh(v);
    }
    return v;
}

// y = f(x) over `count` floats (x and y may be the same array). The loop is written once per function so that the
// compiler sees a constant function inside it.
#define UNARY_LOOP(FUNCTION)                                                                              \
    {                                                                                                     \
        long i = 0;                                                                                       \
        for (; i + LANES <= count; i += LANES) {                                                          \
            VF v;                                                                                         \
            memcpy(&v, x + i, sizeof v);                                                                  \
            v = CK_GLUE(apply_one, SUFFIX)(FUNCTION, v);                                                  \
            memcpy(y + i, &v, sizeof v);                                                                  \
        }                                                                                                 \
        if (i < count) {                                                                                  \
            VF v = (VF)0.0f;                                                                              \
            memcpy(&v, x + i, (size_t)(count - i) * sizeof(float));                                       \
            v = CK_GLUE(apply_one, SUFFIX)(FUNCTION, v);                                                  \
            memcpy(y + i, &v, (size_t)(count - i) * sizeof(float));                                       \
        }                                                                                                 \
    }

// row = f(row + bias), a dense layer's bias and activation in one pass.
#define BIAS_LOOP(FUNCTION)                                                                               \
    {                                                                                                     \
        long i = 0;                                                                                       \
        for (; i + LANES <= count; i += LANES) {                                                          \
            VF v, b;                                                                                      \
            memcpy(&v, row + i, sizeof v);                                                                \
            memcpy(&b, bias + i, sizeof b);                                                               \
            v = CK_GLUE(apply_one, SUFFIX)(FUNCTION, v + b);                                              \
            memcpy(row + i, &v, sizeof v);                                                                \
        }                                                                                                 \
        if (i < count) {                                                                                  \
            VF v = (VF)0.0f, b = (VF)0.0f;                                                                \
            memcpy(&v, row + i, (size_t)(count - i) * sizeof(float));                                     \
            memcpy(&b, bias + i, (size_t)(count - i) * sizeof(float));                                    \
            v = CK_GLUE(apply_one, SUFFIX)(FUNCTION, v + b);                                              \
            memcpy(row + i, &v, (size_t)(count - i) * sizeof(float));                                     \
        }                                                                                                 \
    }

// The switch on the function sits outside the loops: each case is its own loop with the function inlined.
#define FOR_EACH_FUNCTION(LOOP)                                                                           \
    switch (function) {                                                                                   \
    case CK_EXP: LOOP(CK_EXP) break;                                                                      \
    case CK_SIGMOID: LOOP(CK_SIGMOID) break;                                                              \
    case CK_SILU: LOOP(CK_SILU) break;                                                                    \
    case CK_TANH: LOOP(CK_TANH) break;                                                                    \
    }

EXPORTED void CK_GLUE(ck_apply, SUFFIX)(ck_vector_function function, const float *x, float *y, long count) {
    FOR_EACH_FUNCTION(UNARY_LOOP)
}

EXPORTED void CK_GLUE(ck_apply_bias, SUFFIX)(ck_vector_function function, float *row, const float *bias, long count) {
    FOR_EACH_FUNCTION(BIAS_LOOP)
}
