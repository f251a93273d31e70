import Foundation
import Testing
import NeuralLayers
import Training

@Suite struct LearningRateScheduleTests {
    @Test func cosineStartsAtOneEndsAtTheFloorAndIsHalfwayAtTheMiddle() {
        let schedule = LearningRateSchedule.cosine(floor: 0.05)
        #expect(schedule.multiplier(step: 0, of: 1_000) == 1)
        #expect(abs(schedule.multiplier(step: 500, of: 1_000) - 0.525) < 1e-12)
        #expect(abs(schedule.multiplier(step: 1_000, of: 1_000) - 0.05) < 1e-12)
    }

    @Test func warmUpRampsLinearlyThenDecays() {
        let schedule = LearningRateSchedule.warmUpThenCosine(warmUpSteps: 10, floor: 0)
        #expect(abs(schedule.multiplier(step: 0, of: 110) - 0.1) < 1e-12)
        #expect(abs(schedule.multiplier(step: 9, of: 110) - 1) < 1e-12)
        #expect(abs(schedule.multiplier(step: 60, of: 110) - 0.5) < 1e-12)
        #expect(LearningRateSchedule.constant.multiplier(step: 7, of: 10) == 1)
    }
}

@Suite struct MinibatchTests {
    /// Every row is equally likely: counts over many draws are within 5 SE of n·p.
    @Test func randomRowsDrawsEveryRowUniformly() {
        var generator = RandomGenerator(seed: 1)
        let data = Tensor(shape: [4, 1], scalars: [0, 1, 2, 3])
        let batch = data.randomRows(40_000, using: &generator)
        #expect(batch.shape == [40_000, 1])
        let expected = 10_000.0, standardError = (40_000 * 0.25 * 0.75).squareRoot()
        for value in 0..<4 {
            let count = Double(batch.scalars.filter { $0 == Float(value) }.count)
            #expect(abs(count - expected) < 5 * standardError, "row \(value) drawn \(count) times")
        }
    }

    /// Labelled minibatches keep each row with its own label, and draw the same rows as
    /// the unlabelled ones from the same generator state.
    @Test func randomRowsWithLabelsKeepsRowsAndLabelsTogether() {
        let data = Tensor(shape: [5, 2], scalars: [0, 0, 10, -10, 20, -20, 30, -30, 40, -40])
        let labels = [7, 3, 9, 1, 4]
        var labelled = RandomGenerator(seed: 2), plain = RandomGenerator(seed: 2)
        let batch = data.randomRows(1_000, labels: labels, using: &labelled)
        #expect(batch.rows == data.randomRows(1_000, using: &plain))
        #expect(labelled.next() == plain.next(), "both draws must consume the same random numbers")
        for (index, label) in batch.labels.enumerated() {
            let row = Int(batch.rows.scalars[2 * index]) / 10
            #expect(labels[row] == label && batch.rows.scalars[2 * index + 1] == -Float(10 * row))
        }
        #expect(Set(batch.labels) == Set(labels), "every row appears in 1,000 draws of 5")
    }
}

@Suite struct TrainingStepTests {
    /// Minimising ‖θ − c‖² with Adam reaches c; the loss returned is the loss before the update.
    @Test func trainerMinimisesAQuadraticAndRecordsLosses() throws {
        let parameter = Parameter(Tensor([3, -2]), name: "theta")
        let target = Tensor([0.5, 1.5])
        let trainer = Trainer(label: "quadratic", parameters: [parameter], steps: 2_000,
                              optimizer: Adam(parameters: [parameter], learningRate: 0.05), schedule: .cosine(floor: 0.01))
        for step in 0..<trainer.steps {
            try trainer.step(step) { tape in (tape.parameter(parameter) - target).squared().sum() }
        }
        #expect(trainer.losses.count == 2_000)
        #expect(abs(trainer.losses[0] - (2.5 * 2.5 + 3.5 * 3.5)) < 1e-4)
        for (value, goal) in zip(parameter.value.scalars, target.scalars) { #expect(abs(value - goal) < 1e-3) }
    }

    @Test func aNonFiniteLossStopsNamingTheQuantityAndStep() {
        let parameter = Parameter(Tensor([1]), name: "theta")
        let optimizer = SGD(parameters: [parameter], learningRate: 0.1)
        #expect(throws: NonFiniteValueError.self) {
            try trainingStep(41, quantity: "toy loss", parameters: [parameter], optimizer: optimizer) { tape in
                tape.parameter(parameter).log() * Float.infinity
            }
        }
        do {
            try trainingStep(41, quantity: "toy loss", parameters: [parameter], optimizer: optimizer) { tape in
                tape.parameter(parameter) * Float.nan
            }
        } catch {
            #expect("\(error)".contains("toy loss") && "\(error)".contains("step 41"))
        }
        #expect(parameter.value.scalars == [1], "a failed step must not move the parameters")
    }

    /// With averaging, `finish()` loads the EMA, which lags the live weights.
    @Test func finishLoadsTheAveragedWeights() throws {
        let parameter = Parameter(Tensor([0]), name: "theta")
        let trainer = Trainer(label: "drift", parameters: [parameter], steps: 50,
                              optimizer: SGD(parameters: [parameter], learningRate: 1), averageDecay: 0.9)
        for step in 0..<50 { try trainer.step(step) { tape in tape.parameter(parameter) * -1 } }   // θ grows by 1 per step
        #expect(parameter.value.scalars[0] == 50)
        trainer.finish()
        #expect(parameter.value.scalars[0] < 45 && parameter.value.scalars[0] > 35)
    }
}

/// Early stopping keeps the weights of the best measurement, measures on schedule, and restores them.
struct EarlyStoppingTests {
    @Test func keepsAndRestoresTheWeightsOfTheBestMeasurement() {
        let parameter = Parameter(Tensor([0]), name: "w")
        let stopping = EarlyStopping(parameters: [parameter], steps: 10, every: 4)
        // The "validation score" peaks when w = 4 and the run goes on to w = 10.
        for step in 0..<10 {
            parameter.value = Tensor([Float(step + 1)])
            stopping.record(step: step) { -abs(Double(parameter.value.scalars[0]) - 4) }
        }
        #expect(stopping.curve.map(\.step) == [4, 8, 10])   // every 4 steps, and the last
        #expect(stopping.best.step == 4 && stopping.best.value == 0)
        #expect(parameter.value.scalars[0] == 10)
        stopping.restoreBest()
        #expect(parameter.value.scalars[0] == 4)
    }

    @Test func aLaterEqualValueDoesNotReplaceTheEarlierBest() {
        let parameter = Parameter(Tensor([0]), name: "w")
        let stopping = EarlyStopping(parameters: [parameter], steps: 4, every: 1)
        for step in 0..<4 {
            parameter.value = Tensor([Float(step)])
            stopping.record(step: step) { step == 0 ? 1 : (step == 2 ? 1 : 0) }
        }
        stopping.restoreBest()
        #expect(stopping.best.step == 1 && parameter.value.scalars[0] == 0)
    }
}
