import Notebook

// The chapter's exercises, stated for the book; the stubs are in Sources/Exercises/Chapter12Exercises.swift
// and the graders in Tests/ExerciseTests/Chapter12Grading.swift.

let exercises = [
    Exercise(title: "The VP marginal variance",
             text: "From dσ²/dt = −β(t)σ² + β(t) with σ²(0) = 0, derive σ²(t) for β(t) = β₀ + t(β₁ − β₀) and implement `vpMarginalVariance(t:betaMin:betaMax:)`. The grader integrates the ODE numerically."),
    Exercise(title: "The reverse drift of the VE SDE",
             text: "Implement `veReverseDrift(x:score:t:sigmaMin:sigmaMax:)`, the drift f − g²s of the reverse-time VE SDE (per unit of forward time). The grader compares g² with a finite-difference derivative of σ(t)² and checks the drift on Gaussian data."),
    Exercise(title: "Hutchinson's trace estimator",
             text: "Implement `hutchinsonTrace(matrixTimesVector:dimension:probes:using:)`, an unbiased estimate of tr(A) from products Av with Rademacher vectors v. The grader checks it against the exact trace within Monte Carlo error, and that single-probe estimates vary as Hutchinson's do (an exact trace is not an estimator)."),
    Exercise(title: "The probability-flow drift",
             text: "Implement `probabilityFlowDrift(x:t:score:betaMin:betaMax:)` for the VP SDE. The grader integrates your ODE for Gaussian data N(0, σ_d²), whose flow is known in closed form: x_t/√(α²σ_d² + σ²) stays constant."),
]
