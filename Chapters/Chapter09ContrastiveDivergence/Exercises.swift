import Notebook

// The chapter's exercises, stated for the book; the stubs are in Sources/Exercises/Chapter09Exercises.swift
// and the graders in Tests/ExerciseTests/Chapter09Grading.swift.

let exercises = [
    Exercise(title: "One Gibbs step, followed exactly",
             text: "Given a law q over the 2ⁿ visible states (entry `index` is the state whose unit i is bit i of `index`), return the law of v′ after one block Gibbs step v → h → v′ (`gibbsStepLaw`): q′(v′) = Σ_v q(v) Σ_h p(h | v) p(v′ | h), best computed through the hidden law r(h) = Σ_v q(v) p(h | v) so that the cost is 2ⁿ⁺ᵐ⁺¹ products. The grader checks that the model's own marginal p(v), enumerated, comes back unchanged to 1e-12, that the answer is a law, and, on six small RBMs, that 200,000 sampled Gibbs steps land in every state within 4.5 binomial standard errors of your probabilities: a wide band, because some 200 states are compared at once."),
    Exercise(title: "The expected CD-k gradient",
             text: "Return the n × m matrix that the average of infinitely many CD-k weight gradients converges to (`expectedContrastiveDivergence`): ⟨v σ(c + vᵀW)ᵀ⟩ under the data's empirical law q₀ minus the same statistics under q_k, the law of the chains after k exact Gibbs steps from the data. The grader runs 5,000 CD-k chains from every data row and requires each entry within 4.5 standard errors of their average (89 entries are compared in all, hence the Bonferroni-style margin); it also checks that k = 0 gives the zero matrix and that k = 200 gives the exact log-likelihood gradient, with the model's p(v) enumerated, to 1e-8."),
    Exercise(title: "How long until the chains forget the data?",
             text: "Return the smallest k ≥ 0 for which the law q_k of CD-k's chain states is within `tolerance` of the model's p(v) = e^{−F(v)}/Z in total variation ½ Σ_v |q_k(v) − p(v)|, with q₀ the data's empirical law (`stepsToMix`; return 100,000 if it takes longer). It uses the free energy of exercise 7.1, so do that one first. The distance to p never grows under a Gibbs step, so the answer is pinned down by TV(q_k) ≤ tolerance < TV(q_{k−1}); the grader checks both with its own chain and its own p, for five RBMs and tolerances from 1 (where k = 0) down to 1e-7. A small machine with weights of order 1 needs only a few dozen steps even for 1e-7; scale its weights up to watch the count grow."),
]
