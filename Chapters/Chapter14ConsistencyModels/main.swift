import Foundation
import Notebook
import TensorCore

// Chapter 14 — Fast sampling: better solvers, distillation, consistency models and straight flows.

let chapter = Chapter(
    number: 14, title: "Fast sampling",
    summary: """
    A diffusion model samples by solving an ODE, and every step costs a network evaluation. This chapter counts them: it \
    checks the order of three solvers against an exact flow, distils a many-step sampler into one step, trains \
    consistency models that jump from noise to data, straightens flows by reflow so that one Euler step goes further, and puts every \
    method on one plot of quality against network evaluations.
    """)
let quick = chapter.isQuick

chapter.section("1. Solvers that reuse a denoiser")
let yardstick = Yardstick()
startQualityStream("section 1")
let (teacherResults, solverOrders) = try solverSection(yardstick: yardstick)
let teacher = teacherResults.network

chapter.section("2. Progressive distillation")
startQualityStream("section 2")
let stages = try distillationSection(teacher: teacher, yardstick: yardstick)

chapter.section("3. Consistency models")
startQualityStream("section 3")
let consistencyRuns = try consistencySection(teacher: teacher, yardstick: yardstick)

chapter.section("4. Straight flows")
startQualityStream("section 4")
let flowRuns = try flowSection(yardstick: yardstick)

chapter.section("5. The speed ladder")
startQualityStream("section 5")
ladderSection(teacher: teacherResults, stages: stages, consistency: consistencyRuns, flows: flowRuns, yardstick: yardstick)
solverOrderFigure(solverOrders)
trajectoryFigure(flowRuns)
oneStepFigure(teacher: teacher, stages: stages, consistency: consistencyRuns, flows: flowRuns)

chapter.exercises(exercises)
chapter.finish()
