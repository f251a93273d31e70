import BoltzmannMachines
import Distributions
import EnergyBasedModels
import Foundation
import Notebook
import TensorCore

// Chapter 8 — Energy-based models: any function can be an energy, the partition function's gradient is an
// expectation under the model, and training needs samples from the model it is still learning.

let chapter = Chapter(
    number: 8, title: "Energy-based models and the partition function",
    summary: """
    An energy-based model assigns any real function E_θ(x) to the states and makes low energy probable, \
    p_θ = e^{−E_θ}/Z_θ. Its log-likelihood gradient is a tug of war: the data pull the energy down where they \
    are, the model's own samples push it up where it puts mass, because ∇_θ log Z_θ = −𝔼_{p_θ}[∇_θE_θ]. This \
    chapter checks that identity on a Gaussian energy and on chapter 7's RBM; recovers the maximum-likelihood \
    θ of E = θx²/2 with exact and with Langevin negatives and predicts exactly where short chains leave it; \
    draws what the two phases do to a 1-D energy; and trains an energy network on 2-D data with short-run \
    and with persistent Langevin negatives, normalising each learned density by quadrature so that its \
    held-out log-likelihood is exact, and setting it beside the density's own samples and the chains' samples.
    """)
let quick = chapter.isQuick

// MARK: - 1. The partition function's gradient

chapter.section("1. Energy, density and the gradient of log Z")
chapter.prose("""
An **energy-based model** (EBM) is a real function E_θ(x) of the state x, with parameters θ, turned into a \
density by the Boltzmann form of chapter 7: p_θ(x) = e^{−E_θ(x)}/Z_θ with Z_θ = ∫ e^{−E_θ(x)} dx (a sum for \
discrete x). Nothing restricts the function — any network with one output will do, as long as the integral \
is finite — and that freedom is the attraction (LeCun et al. 2006). The price is Z_θ: its value is out of \
reach in high dimension, and the log-likelihood ℓ(θ) = ⟨log p_θ(x)⟩_data = −⟨E_θ(x)⟩_data − log Z_θ needs \
its gradient. Differentiating under the integral gives that gradient as an expectation under the model:
""")
chapter.equation(#"\nabla_\theta \log Z_\theta = \frac{1}{Z_\theta}\int -\nabla_\theta E_\theta(x)\, e^{-E_\theta(x)}\,dx = -\,\mathbb{E}_{p_\theta}\big[\nabla_\theta E_\theta(x)\big], \qquad \nabla_\theta \ell = -\big\langle \nabla_\theta E_\theta \big\rangle_{\text{data}} + \mathbb{E}_{p_\theta}\big[\nabla_\theta E_\theta\big]."#,
                 plain: "∇_θ log Z_θ = −𝔼_{p_θ}[∇_θ E_θ(x)],   ∇_θ ℓ = −⟨∇_θ E_θ⟩_data + 𝔼_{p_θ}[∇_θ E_θ]")
chapter.prose("""
The first term of ∇_θℓ is the **positive phase**: it lowers the energy of the data. The second is the \
**negative phase**: it raises the energy wherever the model itself puts mass. At a maximum of ℓ the two \
balance, ⟨∇_θE_θ⟩_data = 𝔼_{p_θ}[∇_θE_θ], the moment matching of chapter 7's RBM. The sign convention is \
the one used from here on: energies are lowered on data, θ ascends ℓ. Two checks of the identity, each \
against an independent route.
""")
try partitionGradientChecks()

// MARK: - 2. The Gaussian energy

chapter.section("2. A worked example: E = θx²/2")
try gaussianExampleSection()

// MARK: - 3. Pushes

chapter.section("3. Pushing down and pushing up")
try pushesSection()

// MARK: - 4. An energy network

chapter.section("4. An energy network on 2-D data")
try energyNetworkSection()

// MARK: - Exercises

chapter.exercises(exercises)
chapter.finish()
