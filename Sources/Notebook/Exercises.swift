/// One exercise: a stub the student fills in, graded by the test suite.
public struct Exercise: Sendable {
    /// "12.3"; nil numbers the exercise by its place in the list.
    public let number: String?
    public let title: String
    /// What to implement and how the grader checks it (Markdown).
    public let text: String

    public init(number: String? = nil, title: String, text: String) {
        self.number = number
        self.title = title
        self.text = text
    }
}

extension Chapter {
    /// Where this chapter's exercise stubs live: `Sources/Exercises/Chapter12Exercises.swift`.
    public var exerciseStubFile: String { "Sources/Exercises/Chapter\(Chapter.twoDigits(number))Exercises.swift" }

    /// The command that grades them: `swift test --filter Chapter12`.
    public var exerciseGradingCommand: String { "swift test --filter Chapter\(Chapter.twoDigits(number))" }

    /// The chapter's Exercises section: a sentence naming the stub file and the
    /// grading command, then each exercise, numbered "12.1", "12.2", … unless
    /// it carries its own number.
    ///
    /// ```swift
    /// chapter.exercises([
    ///     Exercise(title: "One Langevin update", text: "Implement `langevinStep(…)`…"),
    /// ])
    /// ```
    public func exercises(_ exercises: [Exercise]) {
        section("Exercises")
        prose("Stubs are in `\(exerciseStubFile)`; `\(exerciseGradingCommand)` grades them.")
        for (index, exercise) in exercises.enumerated() {
            renderer.render(.exercise(number: exercise.number ?? "\(number).\(index + 1)", title: exercise.title, text: exercise.text))
        }
    }

    static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
}
