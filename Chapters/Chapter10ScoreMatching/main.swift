import Distributions
import Foundation
import Notebook
import TensorCore

// Chapter 10 — Score matching: fitting ∇ₓ log p without ever computing the normaliser.

let chapter = Chapter(
    number: 10, title: "Score matching",
    summary: """
    A density model needs its normalising constant Z; the gradient of its logarithm, the score, does not. This chapter \
    fits scores directly: it checks Hyvärinen's integration by parts that turns the unusable Fisher divergence into an \
    objective computable from samples, measures what score matching gives up against maximum likelihood, fits an \
    exponential family in closed form, trains a score network three ways, and finds where a learned score is wrong.
    """)
let quick = chapter.isQuick

chapter.section("1. The score, and why Z drops out")
scoreSection()

chapter.section("2. Hyvärinen's objective")
hyvarinenSection()

chapter.section("3. What score matching gives up")
try efficiencySection()

chapter.section("4. An exponential family in closed form")
exponentialFamilySection()

chapter.section("5. A score network, three ways")
let trained = try scoreNetworkSection()

chapter.section("6. Where there are no data")
lowDensitySection(trained)

chapter.exercises(exercises)
chapter.finish()
