/// Thrown by an exercise stub that the student has not filled in yet. The
/// test suite skips (does not fail) the grading of such exercises.
public struct NotAttempted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "not attempted yet" }
}
