import Testing

@testable import Dubblett

@Suite("PathText")
struct PathTextTests {
    @Test(arguments: [
        ("o", "", "o"), ("out", "", "out"), ("a/b", "a", "b"), ("a/b/", "a", "b"), ("/a", "/", "a"), ("/", "/", "/"),
        ("./o", ".", "o"), ("/tmp/x/y.csv", "/tmp/x", "y.csv"),
    ])
    func splitsLikeAShell(_ c: (String, String, String)) {
        #expect(PathText.parent(c.0) == c.1, "parent of \(c.0)")
        #expect(PathText.last(c.0) == c.2, "last of \(c.0)")
    }
}
