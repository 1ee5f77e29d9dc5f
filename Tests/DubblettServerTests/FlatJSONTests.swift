import Foundation
import Hummingbird
import Testing

@testable import DubblettServer

/// The `/match` fast reader: what it accepts it reads exactly as the ordinary decoder does; what it does not
/// fully understand it leaves to that decoder (nil), so errors keep one source.
@Suite("FlatJSON")
struct FlatJSONTests {
    func flat(_ text: String) -> RegisterRoutes.MatchRequest? {
        Array(text.utf8).withUnsafeBufferPointer { RegisterRoutes.MatchRequest(flat: $0) }
    }

    func slow(_ text: String) -> RegisterRoutes.MatchRequest? {
        try? JSONBody.decode(RegisterRoutes.MatchRequest.self, from: Data(text.utf8))
    }

    @Test(arguments: [
        #"{"record":{"namn":"Åsa Öberg","ort":"Göteborg"},"limit":5}"#,
        #" { "record" : { } , "min_weight" : -2.5e0 } "#,
        #"{"limit":100,"record":{"a":"tab\there \"q\" \\ \/ \u00e5 \ud83d\ude00"}}"#,
        #"{"record":{"e-post":"a@b.se"},"min_weight":7,"limit":1}"#,
    ])
    func acceptedBodiesReadAsTheDecoderReadsThem(_ text: String) throws {
        let fast = try #require(flat(text))
        let reference = try #require(slow(text))
        #expect(fast.record == reference.record)
        #expect(fast.limit == reference.limit)
        #expect(fast.minWeight == reference.minWeight)
    }

    @Test(arguments: [
        #"{"record":{"a":"b"},"limit":0}"#,  // out of range: the decoder names the field
        #"{"record":{"a":"b"},"limit":2.0}"#,
        #"{"record":{"a":"b"},"extra":1}"#,  // unknown field
        #"{"record":{"a":"b"},"record":{"a":"c"}}"#,  // repeated key
        #"{"record":{"a":"b","a":"c"}}"#,
        #"{"record":{"a":null}}"#,
        #"{"record":{"a":1}}"#,
        #"{"record":{"a":"b"},"limit":null}"#,
        #"{"limit":3}"#,  // no record
        #"{"record":{"a":"b"}} x"#,
        #"{"record":{"a":"b"},}"#,
        #"{"record":{"a":"b\x"}}"#,
        #"{"record":{"a":"\ud83d"}}"#,  // lone surrogate
        #"{"record":{"a":"b"},"min_weight":01}"#,
        #"{"record":{"a":"b"},"min_weight":-}"#,
        "{\"record\":{\"a\":\"b\nc\"}}",  // raw control character
        "[]", "", "{",
    ])
    func anythingElseIsLeftToTheDecoder(_ text: String) {
        #expect(flat(text) == nil)
    }

    @Test func invalidUTF8IsLeftToTheDecoder() {
        var bytes = Array(#"{"record":{"a":"x"}}"#.utf8)
        bytes[16] = 0xFF
        #expect(bytes.withUnsafeBufferPointer { RegisterRoutes.MatchRequest(flat: $0) } == nil)
    }

    @Test func latencyHasTwoDecimals() {
        typealias Log = RequestLogMiddleware<BasicRequestContext>
        #expect(Log.twoDecimals(0.004) == "0.00")
        #expect(Log.twoDecimals(12.346) == "12.35")
        #expect(Log.twoDecimals(3.07) == "3.07")
        #expect(Log.twoDecimals(1500) == "1500.00")
    }
}
