import Notebook

// The chapter's exercises, stated for the book; the stubs are in Sources/Exercises/Chapter02Exercises.swift
// and the graders in Tests/ExerciseTests/Chapter02Grading.swift.

let exercises = [
    Exercise(title: "The VAE's KL term",
             text: "Return KL(N(μ, diag σ²) ‖ N(0, I)) from the means and the log-variances v = log σ² an encoder outputs (`gaussianKLToStandardNormal`), keeping its relative accuracy for a nearly collapsed dimension (σ² ≈ 1, μ ≈ 0). The grader integrates q log(q/p) numerically in each dimension and compares nearly collapsed cases with the Taylor series of ½(eᵛ − 1 − v)."),
    Exercise(title: "The reparameterisation gradient",
             text: "Given draws ε and a function's gradient ∇f, return the pathwise estimate of the gradient of E_q[f(z)] with respect to the means and the log-variances (`reparameterizationGradient`). The grader differentiates the Monte Carlo average over the same draws by finite differences, using values of f only, and checks on fresh draws that the estimate is unbiased for a quadratic whose expectation is known."),
    Exercise(title: "The ELBO's gap in one dimension",
             text: "For the linear-Gaussian model in one dimension, z ~ N(0, 1) and x | z ~ N(Wz + b, σ_η²) with a number W, and q = N(m, eᵛ), return log p(x) − ELBO(x) (`elboGap`). The grader computes log p(x) and the ELBO by numerical integration over z."),
    Exercise(title: "The importance-weighted bound",
             text: "Return log((1/K) Σⱼ wⱼ) from K log-weights, finite however large or small they are (`importanceWeightedBound`). The grader uses equal weights at −1000 and 700 nats, weights in a known ratio, and moderate weights where the direct formula is safe."),
]
