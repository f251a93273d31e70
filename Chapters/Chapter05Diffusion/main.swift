import Datasets
import DiffusionModels
import DigitEvaluation
import Distributions
import Foundation
import Metrics
import NeuralLayers
import Notebook
import Plotting
import ScoreBasedModels
import Statistics
import TensorCore
import VariationalAutoencoders

// Chapter 5 — Diffusion models: destroy the data by noise one small step at a time, and learn to undo each step.
let chapter = Chapter(
    number: 5, title: "Diffusion models",
    summary: """
    A diffusion model adds Gaussian noise to the data over many small steps until nothing is left but noise, \
    and trains a network to undo one step at a time. This chapter checks the forward chain's closed form by \
    simulating it, the posterior of one step by regression, the bound on the likelihood term by term against a \
    direct Monte Carlo estimate, and the bridge to chapter 12's SDEs; it trains DDPMs on a ring of Gaussians \
    and on the digits, measures quality against the number of sampling steps, sweeps classifier-free guidance \
    against accuracy and diversity, and runs the same diffusion in the latent space of chapter 2's VAE.
    """)
let quick = chapter.isQuick

// MARK: - 1. The forward chain

chapter.section("1. The forward chain and its closed form")
chapter.prose("""
Fix a *schedule* β₁, …, β_T of small variances. The forward chain shrinks the data a little and adds a \
little Gaussian noise at each step (Sohl-Dickstein et al., 2015; Ho et al., 2020):
""")
chapter.equation(#"q(x_t \mid x_{t-1}) = \mathcal{N}\big(\sqrt{1-\beta_t}\,x_{t-1},\ \beta_t I\big), \qquad q(x_t \mid x_0) = \mathcal{N}\big(\sqrt{\bar\alpha_t}\,x_0,\ (1-\bar\alpha_t) I\big), \quad \bar\alpha_t = \prod_{r=1}^{t}(1-\beta_r)."#,
                 plain: "q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I),   q(x_t | x₀) = N(√ᾱ_t x₀, (1 − ᾱ_t) I),  ᾱ_t = Π_{r≤t} (1 − β_r)")
chapter.prose("""
The second form follows from the first because a sum of independent Gaussians is Gaussian: writing \
α_t = 1 − β_t, the mean picks up a factor √α_r at step r and the variance obeys v_t = α_t v_{t−1} + β_t, \
whose solution from v₀ = 0 is 1 − ᾱ_t. So x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε with ε ~ N(0, I) can be drawn in one \
step at any t — which is what makes training cheap. We check it by simulating the chain itself, one step at a time.
""")
try forwardChainSection()

// MARK: - 2. One step back

chapter.section("2. The posterior of one step, and the bound")
try posteriorAndBoundSection()

// MARK: - 3. DDPM on a ring, and the bridge to chapter 12

chapter.section("3. The bridge to chapter 12, and a DDPM on a ring")
let ringSweep = try ringSection()

// MARK: - 4. Digits

chapter.section("4. A DDPM on the digits")
let digitsRun = try digitsSection()
chapter.figure(qualityVsStepsFigure(ring: ringSweep, digits: digitsRun), name: "quality_vs_steps", caption: """
    Sample quality against the number of ancestral sampling steps K (respaced from the 1,000 of training), ± 2 SE, on log scales: \
    the ring's SW₂ and the digits' FDD, each divided by its data floor (dashed line: the floor).
    """)

// MARK: - 5. Guidance

chapter.section("5. Classifier-free guidance")
_ = try guidanceSection(digitsRun)

// MARK: - 6. Latent diffusion

chapter.section("6. Diffusion in a VAE's latent space")
try latentSection(digitsRun)

chapter.exercises(exercises)
chapter.finish()
