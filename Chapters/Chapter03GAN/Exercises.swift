import Notebook

// The chapter's exercises, stated for the book; the stubs are in Sources/Exercises/Chapter03Exercises.swift
// and the graders in Tests/ExerciseTests/Chapter03Grading.swift.

let exercises = [
    Exercise(title: "GAN losses",
             text: "Implement the discriminator's loss and both generator losses from logits (`discriminatorLoss`, `generatorLoss`), finite for any finite logit. The grader compares with the losses computed from probabilities where that is safe, checks their derivatives by finite differences against −D and −(1 − D), and evaluates them at logits of ±800."),
    Exercise(title: "The JSD through the optimal discriminator",
             text: "Given two densities on a grid, form D*, evaluate V(D*) by the midpoint rule and return the Jensen–Shannon divergence it implies (`jensenShannonThroughOptimalDiscriminator`). The grader uses two shifted uniforms, whose JSD is s·log 2, and two Gaussians against a Monte Carlo estimate."),
    Exercise(title: "A simplified FID",
             text: "Return the Fréchet distance between two 2-D Gaussians whose covariances need not commute (`frechetDistance2D`); no matrix square root is needed if you use the trace and determinant. The grader takes the square roots by eigendecomposition."),
]
