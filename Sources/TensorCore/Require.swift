/// Stops the program with `message` if `condition` is false.
///
/// Like `precondition`, but the message is printed in optimised builds too:
/// Swift drops `precondition` messages under `-O`, and the core is always
/// compiled with `-O`, so a shape mismatch would otherwise end in a bare
/// "Fatal error" instead of a sentence naming both shapes.
@inlinable @inline(__always)
public func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { requirementFailed(message(), file: file, line: line) }
}

@usableFromInline @inline(never)
func requirementFailed(_ message: String, file: StaticString, line: UInt) -> Never {
    fatalError(message, file: file, line: line)
}
