import Dubblett
import DubblettTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DubblettServer

/// The review page in headless Chromium (WebDriver) against a live server: 50 pairs decided with the
/// keyboard alone (from the sample's truth), an undo, a reload that finds every decision kept, and the
/// page at the width of 200 % zoom. Screenshots go to a directory the test prints.
@Suite("review page in a real browser")
struct ReviewBrowserTests {
    @Test func fiftyPairsByKeyboardSurviveAReload() async throws {
        let h = try ServerHarness()
        try makeRegister(h, rows: 3000)
        let shots = h.dir + "/screenshots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        try await h.app().test(.live) { client in
            let port = try #require(client.port)
            try await ServerAPI.offloop { try Self.drive(port: port, shots: shots) }
            // The server's own count agrees with what the page showed.
            let progress = try object(try await client.execute(uri: "/v1/registers/kunder/review/progress", method: .get))
            #expect((progress["same"] as? Int ?? 0) + (progress["not_same"] as? Int ?? 0) == 50)
        }
        #expect(h.log.contains("route=/review/{name}"))
    }

    static func drive(port: Int, shots: String) throws {
        guard let browser = try WebDriver.start(width: 1280, height: 1000) else {
            print("ReviewBrowserTests: \(WebDriver.skipReason)")
            return
        }
        defer { browser.close() }
        print("ReviewBrowserTests: screenshots in \(shots)")
        let url = "http://127.0.0.1:\(port)/review/kunder"
        try browser.open(url: url)
        try wait(browser, "return document.body.dataset.busy === '0'")
        try check(try browser.execute("return document.getElementById('error').textContent") as? String == "")
        let fields = try browser.execute("return document.querySelectorAll('#rows tr').length") as? Int ?? 0
        try check(fields == 10)
        try check(try browser.execute("return document.querySelectorAll('#chart rect.bar').length") as? Int ?? 0 > 5)
        try check(try browser.execute("return document.querySelectorAll('button[aria-keyshortcuts]').length") as? Int == 4)
        _ = try browser.screenshot(to: shots + "/first-pair.png")
        var decided: [String] = []
        for i in 0..<50 {
            let pair = (try browser.execute("return document.body.dataset.pair") as? String) ?? ""
            try check(!pair.isEmpty, "pair \(i): the queue ran dry")
            let ids = pair.split(separator: "|").map(String.init)
            let same = sampleTruth[ids[0]] != nil && sampleTruth[ids[0]] == sampleTruth[ids[1]]
            decided.append(pair)
            try browser.press(same ? "s" : "n")
            try wait(browser, "return document.body.dataset.busy === '0' && document.body.dataset.pair !== arguments[0]", [pair])
            if i == 24 {
                // Undo brings the pair back; deciding it again continues.
                try browser.press("u")
                try wait(browser, "return document.body.dataset.busy === '0' && document.body.dataset.pair === arguments[0]", [pair])
                try browser.press(same ? "s" : "n")
                try wait(browser, "return document.body.dataset.busy === '0' && document.body.dataset.pair !== arguments[0]", [pair])
            }
        }
        let counts = {
            (try browser.execute(
                "return ['n-same','n-not'].map(id => +document.getElementById(id).textContent).reduce((a, b) => a + b)")
                as? Int) ?? -1
        }
        try check(try counts() == 50)
        try check(try browser.execute("return document.getElementById('error').textContent") as? String == "")
        _ = try browser.screenshot(to: shots + "/after-50.png")
        // Reload: the decisions are in the register, so the counts stay and no decided pair comes back.
        try browser.open(url: url)
        try wait(browser, "return document.body.dataset.busy === '0'")
        try check(try counts() == 50)
        let now = try browser.execute("return document.body.dataset.pair") as? String ?? ""
        try check(!decided.contains(now))
        try check(try browser.execute("return document.getElementById('c-fits').textContent") as? String != "")
        // 200 % zoom of a 1280-pixel window is a 640-pixel one: nothing may need sideways scrolling.
        try browser.resize(width: 640, height: 1000)
        try check(
            try browser.execute("return document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
                as? Bool == true)
        _ = try browser.screenshot(to: shots + "/zoom-200.png")
        try check(try browser.execute("return performance.getEntriesByType('resource').filter(e => !e.name.startsWith(location.origin)).length") as? Int == 0)
    }

    /// Throws when `condition` is false (the browser runs off the test's task, where `#expect` cannot report).
    static func check(_ condition: Bool, _ message: String = "", line: Int = #line) throws {
        if !condition { throw WebDriver.Failure(description: "ReviewBrowserTests.swift:\(line): check failed \(message)") }
    }

    /// Polls `script` (a function body returning a boolean) until it is true, for at most 10 s.
    static func wait(_ browser: WebDriver, _ script: String, _ args: [Any] = []) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try browser.execute(script, args) as? Bool == true { return }
            usleep(5_000)
        }
        throw WebDriver.Failure(description: "timed out waiting for: \(script)")
    }
}
