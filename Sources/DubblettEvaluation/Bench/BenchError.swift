import Dubblett
/// A benchmark that cannot run; the message says what to change.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
