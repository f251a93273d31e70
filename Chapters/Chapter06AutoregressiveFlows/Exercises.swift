import Notebook

// The chapter's exercises, stated for the book; the stubs are in Sources/Exercises/Chapter06Exercises.swift
// and the graders in Tests/ExerciseTests/Chapter06Grading.swift.

let exercises = [
    Exercise(title: "Autoregressive log-likelihood",
             text: "Given a binary vector x and a function returning the logit of p(x_d = 1 | x_<d) for any prefix, return log p(x) in nats (`autoregressiveLogLikelihood`), finite and accurate for logits of any size (±800 included). The grader enumerates all 32 states of a five-dimensional model (their probabilities must sum to 1) and compares them with the frequencies of ancestral samples."),
    Exercise(title: "A 1-D flow",
             text: "For x = g(z) with z ~ N(0, 1) and g increasing, return log p_X(x) from g⁻¹ and its derivative (`flowLogDensity`). The grader integrates your density to 1, compares it with histograms of g(z) and checks its integral against Φ(g⁻¹(x))."),
    Exercise(title: "An affine coupling layer",
             text: "Apply y = b ⊙ x + (1 − b) ⊙ (x ⊙ exp(s(b ⊙ x)) + t(b ⊙ x)) and return y with log|det ∂y/∂x| (`couplingForward`), and invert it (`couplingInverse`); s and t see only the kept coordinates. The grader compares your log-determinant with that of a finite-difference Jacobian (at two steps, to size its error) and runs the layer there and back."),
]
