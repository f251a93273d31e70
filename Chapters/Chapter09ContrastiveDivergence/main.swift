import BoltzmannMachines
import Datasets
import Foundation
import Notebook
import TensorCore

// Chapter 9 — Contrastive divergence: a biased gradient, measured exactly; where it stops; what it leaves behind.

let chapter = Chapter(
    number: 9, title: "Contrastive divergence",
    summary: """
    Contrastive divergence replaces the model expectation in the log-likelihood gradient by where a few Gibbs steps \
    from the data happen to land. This chapter measures what that costs, exactly: on a machine small enough to \
    enumerate it follows the law of the chains instead of sampling them, so the expected CD-k gradient, its bias \
    and the bound on that bias are numbers; it finds where CD-k's updates stop, compares CD-1, CD-10 and persistent \
    CD on the exact likelihood, and looks at the mass a trained machine puts where its short chains never go.
    """)
let quick = chapter.isQuick
let bars = BarsAndStripes.patterns(rows: 3, columns: 4)

chapter.section("1. The bias of CD-k, computed exactly")
chapter.prose("""
Chapter 7 wrote the log-likelihood gradient of an RBM as a data phase minus a model phase, ∇_θℓ = ⟨s⟩_data − 𝔼_p[s], \
where s(v) collects the statistics v_i σ(c_j + (vᵀW)_j), v_i and σ(c_j + (vᵀW)_j), one per weight and bias, and ⟨·⟩_data \
averages over the training images; it trained with CD-k (Hinton 2002), which estimates 𝔼_p[s] from chains that start at the training images and run k \
Gibbs steps. This section measures the bias of that estimate, against k.
""")
_ = try biasSection(data: bars)

chapter.section("2. Where CD stops")
fixedPointSection()

chapter.section("3. CD-1, CD-10 and persistent CD on bars and stripes")
let trained = trainingSection(data: bars)

chapter.section("4. Mass far from the data")
farMassSection(data: bars, runs: trained)

chapter.section("5. The digits")
try digitsSection()

chapter.exercises(exercises)
chapter.finish()
