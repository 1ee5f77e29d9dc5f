import DubblettReport
import DubblettTestSupport
import Foundation
import Testing

/// The run report of the bundled sample opened in headless Chromium (WebDriver): every chart renders
/// with a non-zero size and as many bars as the result's own files say, the page fetches nothing, and it
/// fits a window as narrow as 200 % zoom. Screenshots of every chart go to a directory the test prints.
@Suite("report.html in a real browser")
struct ReportBrowserTests {
    /// `dedupe --report --truth` on the bundled sample, run once for the suite.
    static let sample = Result { try sampleReport() }

    /// `dedupe --report --truth` on the bundled sample into a fresh directory.
    static func sampleReport(language: String = "en") throws -> (dir: String, out: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-browser-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let sample = BenchSmokeTests.root + "/datasets/sample"
        let r = try BenchSmokeTests().run(
            ["dedupe", sample + "/register.csv", "--truth", sample + "/truth.csv", "--out", dir + "/out", "--report",
             "--lang", language, "--quiet"], in: dir)
        guard r.exit == 0 else { throw WebDriver.Failure(description: "dedupe --report failed: \(r.stderr)") }
        return (dir, dir + "/out")
    }

    /// Bars each chart must draw, counted from the result's files (not from the page).
    static func expectedBars(_ out: String) throws -> [String: Int] {
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
                as? [String: Any])
        let report = try #require(summary["report"] as? [String: Any])
        var expected: [String: Int] = [:]
        // Cluster sizes 2…12 each get a bar when some cluster has that size (the sample has none larger).
        let sizes = try String(contentsOfFile: out + "/clusters.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .compactMap { Int($0.split(separator: ",").last ?? "") }
        let distinct = Set(sizes.filter { $0 >= 2 })
        #expect((distinct.max() ?? 0) <= 12)
        expected["chart-clusters"] = distinct.count
        let histogram = try #require(report["weightHistogram"] as? [String: Any])
        expected["chart-weights"] = ["nonMatch", "review", "match"]
            .map { (histogram[$0] as? [Int] ?? []).filter { $0 > 0 }.count }.reduce(0, +)
        let model = try #require(report["model"] as? [[String: Any]])
        let levels = model.map { (($0["levels"] as? [String])?.count ?? 1) - 1 }.reduce(0, +)
        expected["chart-model"] = levels
        let rules = try #require((report["blocking"] as? [String: Any])?["rules"] as? [[String: Any]])
        expected["chart-blocking"] = rules.filter { ($0["pairs"] as? Int ?? 0) > 0 }.count
            + Set(try String(contentsOfFile: out + "/pairs.csv", encoding: .utf8).split(separator: "\n").dropFirst()
                .map { $0.split(separator: ",")[4] }).count
        let columns = try #require((summary["validation"] as? [String: Any])?["columns"] as? [[String: Any]])
        expected["chart-validation"] = columns.filter { $0["check"] != nil }.map { c -> Int in
            let findings = c["findings"] as? [[String: Any]] ?? []
            return ["invalid", "suspicious"].filter { s in
                findings.contains { $0["severity"] as? String == s && ($0["count"] as? Int ?? 0) > 0 }
            }.count
        }.reduce(0, +)
        expected["chart-pair-1"] = model.count + 2
        return expected
    }

    @Test func everyChartRendersWithItsBarsAndScreenshotsAreSaved() throws {
        let (dir, out) = try Self.sample.get()
        let expected = try Self.expectedBars(out)
        guard let browser = try WebDriver.start(width: 1280, height: 1000) else {
            print("ReportBrowserTests: \(WebDriver.skipReason)")
            return
        }
        defer { browser.close() }
        let shots = dir + "/screenshots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        print("ReportBrowserTests: screenshots in \(shots)")
        try browser.open(url: URL(fileURLWithPath: out + "/report.html").absoluteString)

        let title = try browser.execute("return document.title") as? String
        #expect(title?.hasPrefix("Dubblett run report") == true)
        // Nothing fetched: no script, stylesheet, font or image from anywhere.
        #expect(try browser.execute("return performance.getEntriesByType('resource').length") as? Int == 0)
        #expect(try browser.execute("return document.scripts.length") as? Int == 0)

        for (id, bars) in expected.sorted(by: { $0.key < $1.key }) {
            let m = try #require(try browser.execute("""
                const svg = document.getElementById(arguments[0]);
                if (!svg) return null;
                svg.scrollIntoView();
                const box = svg.getBoundingClientRect();
                const rects = [...svg.querySelectorAll('rect.bar')];
                const sized = rects.filter(r => { const b = r.getBoundingClientRect(); return b.width > 0 && b.height > 0; });
                return [box.width, box.height, rects.length, sized.length,
                        !!svg.querySelector('title') && svg.getAttribute('role') === 'img'];
                """, [id]) as? [Any], "no chart \(id)")
            let width = (m[0] as? NSNumber)?.doubleValue ?? 0, height = (m[1] as? NSNumber)?.doubleValue ?? 0
            #expect(width > 300 && height > 40, "\(id) renders at \(width) × \(height)")
            #expect(m[2] as? Int == bars, "\(id): \(m[2]) bars, the files say \(bars)")
            #expect(m[3] as? Int == bars, "\(id): only \(m[3]) of its bars have a size")
            #expect(m[4] as? Bool == true, "\(id) has no role=img and <title>")
            let png = try browser.screenshot(css: "#" + id, to: shots + "/\(id).png")
            #expect(png > 1000, "\(id) screenshot is \(png) bytes")
        }
        // The threshold curve: precision, recall and F1 as lines with a length.
        let curve = try #require(try browser.execute("""
            return [...document.querySelectorAll('#chart-curve polyline')].map(p => p.getTotalLength());
            """) as? [Any])
        #expect(curve.count == 3 && curve.allSatisfy { (($0 as? NSNumber)?.doubleValue ?? 0) > 100 }, "\(curve)")
        try browser.screenshot(css: "#chart-curve", to: shots + "/chart-curve.png")
        try browser.execute("window.scrollTo(0, 0)")
        try browser.screenshot(to: shots + "/page-1280.png")

        // 200 % zoom of a 1280-pixel window is a 640-pixel layout: nothing may stick out sideways.
        try browser.resize(width: 640, height: 1000)
        let overflow = try browser.execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth") as? Int
        #expect(overflow == 0, "the page is \(overflow ?? -1) px wider than a 640 px window")
        try browser.screenshot(to: shots + "/page-640.png")
    }

    @Test func swedishLabelsAndTheTableFallbacks() throws {
        let (_, out) = try Self.sample.get()
        let html = ReportHTML.render(try ReportData.load(directory: out), language: .sv)
        #expect(html.contains("<html lang=\"sv\">"))
        #expect(html.contains("<title>Dubblett körningsrapport"))
        #expect(html.contains("Klusterstorlekar") && html.contains("Matchningsvikter"))
        // Every chart has a caption and its figures as a table.
        let charts = html.components(separatedBy: "<svg class=\"chart\"").count - 1
        #expect(charts >= 7)
        #expect(html.components(separatedBy: "<figcaption>").count - 1 == charts)
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }
}
