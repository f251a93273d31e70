import Datasets
import Foundation
import Notebook
import TensorCore
import VectorQuantization

// Chapter 13 — Vector-quantised models: discrete codes, the straight-through estimator, codebook collapse, and a prior over codes.

let chapter = Chapter(
    number: 13, title: "Vector-quantised models",
    summary: """
    A VQ-VAE describes an image by a small grid of integers, each the index of the nearest of K learned vectors. This chapter \
    checks the quantiser and the straight-through gradient that lets an encoder learn through it, trains a VQ-VAE on the \
    digits, shows its codebook collapsing and measures two cures over several seeds, and then generates digits in two \
    stages: an autoregressive prior over the grids of codes, sampled and decoded.
    """)
let quick = chapter.isQuick
let digits: Digits
do { digits = try Digits.load() } catch { Chapter.stop("\(error)") }
var splitting = RandomGenerator(seed: chapter.seed, stream: "train and held-out split")
let (train, test) = digits.split(testFraction: 0.25, using: &splitting)

chapter.section("1. Nearest codes and the straight-through gradient")
quantisationSection()

chapter.section("2. A VQ-VAE on the digits")
let firstRun = try vqvaeSection()

chapter.section("3. Codebook collapse and two cures")
let runs = try collapseSection(first: firstRun)
usageFigure(runs)
perplexityFigure(runs)
reconstructionFigure(runs)

chapter.section("4. A prior over codes, and samples")
let codeModel = runs[.movingAveragesAndRestarts]![0].model
let prior = try priorSection(model: codeModel)
qualitySummary(prior, codeRun: runs[.movingAveragesAndRestarts]![0])
samplesFigure(prior: prior, model: codeModel)

chapter.exercises(exercises)
chapter.finish()
