import Notebook

// The chapter's exercises, stated for the book; the stubs are in Sources/Exercises/Chapter07Exercises.swift
// and the graders in Tests/ExerciseTests/Chapter07Grading.swift.

let exercises = [
    Exercise(title: "The free energy",
             text: "Return F(v) = −bᵀv − Σⱼ softplus(cⱼ + (vᵀW)ⱼ), the free energy of a visible vector, for which p(v) = e^{−F(v)}/Z (`freeEnergy`): the sum over the 2ᵐ hidden states factorises because the hidden units are independent given v. Compute softplus so that it never overflows. The grader sums e^{−E(v, h)} over every hidden state with log-sum-exp, on random RBMs with up to 10 visible and 8 hidden units and weight scales from 0.1 to 3, and on a machine whose hidden inputs reach ±800, where log(1 + eˣ) written naively returns infinity."),
    Exercise(title: "The exact partition function",
             text: "Return log Z, the log of the sum of e^{−E(v, h)} over all joint states (`logPartition`), by any exact route: summing the visible units out leaves 2ᵐ terms e^{cᵀh} Πᵢ (1 + e^{bᵢ + (Wh)ᵢ}), to be added in log space. The grader enumerates all 2ⁿ⁺ᵐ joint states (n + m ≤ 14) with log-sum-exp, including a machine with weights of scale 30 whose Z is far past the largest Double while log Z is about 1000."),
    Exercise(title: "The negative phase",
             text: "Return the n × m matrix of model correlations ⟨vᵢhⱼ⟩ under p(v, h) (`modelCorrelations`), the term of the log-likelihood gradient that contrastive divergence estimates with a short Gibbs chain; here n and m are small enough to compute it exactly, for instance as Σ_h p(h)·hⱼ·σ(bᵢ + (Wh)ᵢ). The grader checks that every entry is a probability and equals ∂ log Z/∂Wᵢⱼ, taken by central finite differences of its own enumerated log Z; the tolerance comes from the step's truncation error, bounded because the third derivative is a Bernoulli variable's third cumulant, plus rounding."),
    Exercise(title: "One step of annealed importance sampling",
             text: "Along the path f_β(v) = exp((1 − β)·b_Aᵀv + β·bᵀv) · Πⱼ (1 + e^{β(cⱼ + (vᵀW)ⱼ)}) from independent visible units with biases b_A (β = 0) to the RBM's e^{−F(v)} (β = 1), return log f_{β′}(v) − log f_β(v) (`annealingLogWeightIncrement`), the amount an AIS run adds to its log weight between two temperatures. The grader compares with f_β summed over the hidden states, for steps forwards and backwards, then runs its own AIS with your increments (500 temperatures, 200 runs, one Gibbs step per temperature) on an 8 × 4 machine and requires the estimate of log Z to be within 4 standard errors of the exact value."),
]
