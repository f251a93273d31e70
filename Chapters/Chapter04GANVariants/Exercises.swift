import Notebook

// The chapter's exercises, stated for the book; the stubs are in Sources/Exercises/Chapter04Exercises.swift
// and the graders in Tests/ExerciseTests/Chapter04Grading.swift.

let exercises = [
    Exercise(title: "The Wasserstein-1 distance in one dimension",
             text: "Return W₁ between two empirical samples of equal size, (1/n) Σ |a₍ᵢ₎ − b₍ᵢ₎| over the sorted points (`wasserstein1D`): in 1-D the optimal transport plan is monotone. The grader compares with the area between the two empirical CDFs, computed exactly by sweeping the merged points, on random pairs with unequal spreads and ties, and with the closed forms |Δ| for N(0, 1) vs N(Δ, 1) and |σ − 1|·√(2/π) for N(0, 1) vs N(0, σ²), within 4 standard errors over 20 repeated draws."),
    Exercise(title: "The transposed convolution is an adjoint",
             text: "For the strided valid cross-correlation y[i] = Σₖ w[k]·x[i·s + k], return Cᵀy (`transposedConvolution1D`), the map a DCGAN generator's upsampling layer applies. The grader builds C column by column from the forward map applied to unit vectors, compares entry by entry and checks ⟨Cx, y⟩ = ⟨x, Cᵀy⟩, for strides 1–3, lengths whose trailing inputs no window reads, and strides wider than the kernel."),
    Exercise(title: "The gradient penalty's bias",
             text: "Data N(Δ, 1), generator N(0, 1), critic f(x) = s·x: the WGAN-GP critic maximises sΔ − λ(|s| − 1)² over s. Return the maximiser and the Wasserstein estimate s*Δ it reports (`penalisedLinearCritic`), and compare the estimate with W₁ = |Δ|: the penalty is a soft constraint, and it lets the critic overshoot. The grader maximises the objective numerically (a grid, then golden-section search) for shifts of both signs and several λ."),
    Exercise(title: "The gradient penalty by hand",
             text: "For a quadratic critic f(x) = ½xᵀAx + bᵀx + c, return λ·mean (‖∇f(x̂ᵢ)‖ − 1)² at the interpolates x̂ᵢ = εᵢxᵢ + (1 − εᵢ)x̃ᵢ of real and generated points (`quadraticCriticPenalty`). The grader takes the gradients by central finite differences of f, for random symmetric A in 2, 3 and 5 dimensions."),
]
