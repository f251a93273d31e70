import Notebook

// The chapter's exercises, stated for the book; the stubs are in Sources/Exercises/Chapter05Exercises.swift
// and the graders in Tests/ExerciseTests/Chapter05Grading.swift.

let exercises = [
    Exercise(title: "A diffusion noising step",
             text: "Given x₀, the schedule β₁, …, β_T, a step t and a noise draw ε, return x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε (`noisedSample`). The grader simulates the chain one step at a time and compares the mean and variance of x_t with those of your closed form."),
    Exercise(title: "The denoising loss",
             text: "Given clean rows x₀, their timesteps, noise draws and a noise predictor ε̂(x_t, t), return Ho et al.'s simple loss, the batch mean of ‖ε − ε̂(x_t, t)‖² (`denoisingLoss`). The grader uses Gaussian data, for which the best predictor and its expected loss are known in closed form, and the predictor ε̂ = 0, whose loss is the dimension."),
    Exercise(title: "The posterior of one step",
             text: "Return the mean and variance of q(x_{t−1} | x_t, x₀) in one dimension (`posteriorMeanAndVariance`). The grader applies Bayes' rule numerically on a grid and regresses simulated x_{t−1} on x_t."),
]
