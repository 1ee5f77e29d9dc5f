import Dubblett
import DubblettEvaluation

/// Renders a `ReportData` as one self-contained HTML page: inline CSS and SVG, no script, no network,
/// no external font, so it works offline when mailed to a colleague.
///
/// Each chart is a `<figure>` with a caption, an SVG with `<title>` and `<desc>`, and its figures in a
/// table below it; headings structure the page, and the layout is one column in `rem`, so it reads at
/// 200 % zoom. The pairs explained are the ones `ReportData.examples` holds (at most 50): two record
/// ids each, which the result's pair files already hold; no other record value is shown.
public enum ReportHTML {
    /// The page for `data` in `language`.
    /// - Complexity: O(bins + rules + fields × examples): independent of the number of records.
    public static func render(_ data: ReportData, language: ReportLabels.Language = .en) -> String {
        let l = ReportLabels.of(language)
        var page = Page(data: data, l: l)
        return page.render()
    }
}

private struct Page {
    let data: ReportData
    let l: ReportLabels
    var out = ""

    init(data: ReportData, l: ReportLabels) {
        self.data = data
        self.l = l
        out.reserveCapacity(256 << 10)
    }

    mutating func render() -> String {
        let titleInput = data.input.map { " – " + PathText.last(String($0.split(separator: " + ").first ?? "")) } ?? ""
        out += "<!DOCTYPE html>\n<html lang=\"\(l.language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(esc(l.title + titleInput))</title>\n<style>\(Self.css)</style>\n</head>\n<body>\n<main>\n"
        out += "<h1>\(esc(l.title))</h1>\n<p>\(esc(l.intro))</p>\n"
        summary()
        clusterSizes()
        weights()
        model()
        blocking()
        validation()
        curve()
        examples()
        times()
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: Sections

    mutating func section(_ id: String, _ heading: String, _ body: (inout Page) -> Void) {
        out += "<section aria-labelledby=\"h-\(id)\">\n<h2 id=\"h-\(id)\">\(esc(heading))</h2>\n"
        body(&self)
        out += "</section>\n"
    }

    mutating func figure(_ caption: String, svg: String, table: String) {
        out += "<figure>\n\(svg)\n<figcaption>\(esc(caption))</figcaption>\n</figure>\n"
        out += "<details><summary>\(esc(l.dataTable))</summary>\n\(table)</details>\n"
    }

    func table(_ head: [String], _ rows: [[String]], caption: String? = nil) -> String {
        var t = "<table>"
        if let caption { t += "<caption>\(esc(caption))</caption>" }
        t += "<thead><tr>" + head.map { "<th scope=\"col\">\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for r in rows {
            t += "<tr>" + r.enumerated().map { i, c in i == 0 ? "<th scope=\"row\">\(esc(c))</th>" : "<td>\(esc(c))</td>" }
                .joined() + "</tr>"
        }
        return t + "</tbody></table>\n"
    }

    func note(_ text: String) -> String { "<p class=\"note\">\(esc(text))</p>\n" }

    mutating func summary() {
        section("summary", l.summary) { p in
            let d = p.data, l = p.l
            var items: [(String, String)] = []
            if let input = d.input { items.append((l.inputLabel, input + " (" + (d.kind == .link ? l.kindLink : l.kindDedupe) + ")")) }
            if let r = d.run {
                items += [
                    (l.records, l.int(r.records)), (l.candidatePairs, l.int(r.candidatePairs)),
                    (l.matches, l.int(r.matchPairs)), (l.review, l.int(r.reviewPairs)),
                ]
                if d.kind == .dedupe {
                    items += [
                        (l.multiClusters, l.int(r.multiRecordClusters)), (l.largestCluster, l.int(r.largestCluster)),
                        (l.refused, l.int(r.chainingSplits + r.conflictSplits)),
                    ]
                }
                items.append((l.thresholds, "\(l.matchThreshold) \(l.dec(r.matchThreshold)), "
                    + "\(l.reviewThreshold) \(l.dec(r.reviewThreshold)), \(l.prior) \(l.dec(r.priorWeight))"))
            } else {
                items += [(l.matches, l.int(d.matchPairs)), (l.review, l.int(d.reviewPairs))]
            }
            p.out += "<dl class=\"figures\">"
            for (k, v) in items {
                let wide = k == l.inputLabel || k == l.thresholds ? " class=\"wide\"" : ""
                p.out += "<div\(wide)><dt>\(esc(k))</dt><dd>\(esc(v))</dd></div>"
            }
            p.out += "</dl>\n"
            if let t = d.truth {
                p.out += "<h3>\(esc(l.truthTitle))</h3>\n"
                p.out += p.table(
                    ["", l.precision, l.recall, l.f1],
                    [[l.pairwise, l.dec(t.pairwise.precision, 4), l.dec(t.pairwise.recall, 4), l.dec(t.pairwise.f1, 4)],
                     [l.bcubed, l.dec(t.bcubed.precision, 4), l.dec(t.bcubed.recall, 4), l.dec(t.bcubed.f1, 4)]])
            }
            if let warnings = d.run?.warnings, !warnings.isEmpty {
                p.out += "<ul class=\"warnings\">" + warnings.map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
            }
            if !d.missing.isEmpty {
                p.out += "<p class=\"note\"><strong>\(esc(l.missingFiles)):</strong> \(esc(d.missing.joined(separator: ", ")))</p>\n"
            }
            if !d.notes.isEmpty {
                p.out += "<h3>\(esc(l.notes))</h3><ul>" + d.notes.map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
            }
        }
    }

    static func sizeBins(_ sizes: [Int: Int]) -> [(label: String, count: Int)] { ReportHTML.sizeBins(sizes) }
}

extension ReportHTML {
    /// Size bins: each size 2…12, then 13–20, 21–50, 51–100, 101+ (empty bins after the last are left out).
    static func sizeBins(_ sizes: [Int: Int]) -> [(label: String, count: Int)] {
        var bins: [(String, ClosedRange<Int>)] = (2...12).map { ("\($0)", $0...$0) }
        bins += [("13–20", 13...20), ("21–50", 21...50), ("51–100", 51...100), ("101+", 101...Int.max)]
        var counts = [Int](repeating: 0, count: bins.count)
        for (size, n) in sizes where size >= 2 {
            if let i = bins.firstIndex(where: { $0.1.contains(size) }) { counts[i] += n }
        }
        let last = counts.lastIndex { $0 > 0 } ?? 0
        return (0...last).map { (bins[$0].0, counts[$0]) }
    }
}

extension Page {

    mutating func clusterSizes() {
        section("clusters", l.clusterSizes) { p in
            let l = p.l
            guard let sizes = p.data.clusterSizes else {
                p.out += p.note(l.noClusters)
                return
            }
            let bins = Self.sizeBins(sizes)
            let chart = SVGChart(id: "chart-clusters", title: l.clusterSizes, desc: l.clusterSizesCaption, labels: l)
            let svg = chart.columns(
                categories: bins.map(\.label), series: [.init(name: l.clusterCount, cls: "s-plain", values: bins.map(\.count))],
                xLabel: l.clusterSize, yLabel: l.clusterCount)
            var rows = bins.map { [$0.label, l.int($0.count)] }
            rows.append([l.singletons, l.int(sizes[1] ?? 0)])
            p.figure(l.clusterSizesCaption, svg: svg, table: p.table([l.clusterSize, l.clusterCount], rows))
        }
    }

    mutating func weights() {
        section("weights", l.weightsTitle) { p in
            let l = p.l, d = p.data
            guard let h = d.weights, h.bins > 0 else {
                p.out += p.note(l.noWeights)
                return
            }
            let categories = (0..<h.bins).map { l.dec(h.lower + Double($0) * h.width, 0) }
            var series: [SVGChart.Series] = []
            if d.weightsIncludeNonMatches { series.append(.init(name: l.nonMatch, cls: "s-non", values: h.nonMatch)) }
            series += [.init(name: l.reviewBand, cls: "s-review", values: h.review),
                       .init(name: l.match, cls: "s-match", values: h.match)]
            var markers: [SVGChart.Marker] = []
            if let r = d.run {
                markers = [
                    .init(position: (r.reviewThreshold - h.lower) / h.width, label: "\(l.reviewThreshold) \(l.dec(r.reviewThreshold))"),
                    .init(position: (r.matchThreshold - h.lower) / h.width, label: "\(l.matchThreshold) \(l.dec(r.matchThreshold))"),
                ]
            }
            let caption = d.weightsIncludeNonMatches ? l.weightsCaptionAll : l.weightsCaptionListed
            let chart = SVGChart(id: "chart-weights", title: l.weightsTitle, desc: caption, labels: l)
            let svg = chart.columns(
                categories: categories, series: series, markers: markers, xLabel: l.weightAxis, yLabel: l.pairsAxis,
                labelEvery: max(1, (h.bins + 11) / 12))
            let rows = (0..<h.bins).compactMap { i -> [String]? in
                let lo = h.lower + Double(i) * h.width
                let cells = series.map { $0.values[i] }
                guard cells.contains(where: { $0 > 0 }) else { return nil }
                return ["\(l.dec(lo, 1)) … \(l.dec(lo + h.width, 1))"] + cells.map { l.int($0) }
            }
            p.figure(caption, svg: svg, table: p.table([l.weightAxis] + series.map(\.name), rows))
        }
    }

    mutating func model() {
        section("model", l.model) { p in
            let l = p.l
            guard let model = p.data.run?.model, !model.isEmpty else {
                p.out += p.note(l.noModel)
                return
            }
            var rows: [SVGChart.Row] = [], table: [[String]] = []
            for f in model {
                for k in f.levels.indices where k > 0 && k < f.weight.count {
                    let w = f.weight[k]
                    rows.append(.init(
                        label: "\(f.field) · \(f.levels[k])",
                        segments: [(w, w >= 0 ? "s-pos" : "s-neg", "\(l.weight) \(l.dec(w))")], note: l.dec(w)))
                    table.append([f.field, f.levels[k], k < f.m.count ? l.dec(f.m[k], 4) : "", k < f.u.count ? l.dec(f.u[k], 6) : "",
                                  l.dec(w), f.mSource])
                }
            }
            let chart = SVGChart(id: "chart-model", title: l.model, desc: l.modelCaption, labels: l)
            p.figure(l.modelCaption, svg: chart.rows(rows, diverging: true),
                     table: p.table([l.field, l.level, l.mProb, l.uProb, l.weight, l.mSource], table))
        }
    }

    mutating func blocking() {
        section("blocking", l.blocking) { p in
            let l = p.l
            let rules = p.data.rules.filter { ($0.candidates ?? 0) > 0 || $0.matches > 0 || $0.review > 0 }
            guard !rules.isEmpty else {
                p.out += p.note(l.noBlocking)
                return
            }
            let rows = rules.map { r -> SVGChart.Row in
                let c = Double(r.candidates ?? (r.matches + r.review))
                let m = Double(r.matches)
                return .init(
                    label: r.rule,
                    segments: [(m, "s-match", "\(l.matches) \(l.int(r.matches))"),
                               (max(0, c - m), "s-non", "\(l.candidates) \(r.candidates.map(l.int) ?? l.unavailable)")],
                    note: r.candidates.map(l.int) ?? l.int(r.matches + r.review))
            }
            let chart = SVGChart(id: "chart-blocking", title: l.blocking, desc: l.blockingCaption, labels: l)
            p.figure(
                l.blockingCaption,
                svg: chart.rows(rows, legend: [(l.match, "s-match"), (l.candidates, "s-non")]),
                table: p.table([l.rule, l.candidates, l.matches, l.review],
                               rules.map { [$0.rule, $0.candidates.map(l.int) ?? l.unavailable, l.int($0.matches), l.int($0.review)] }))
            if let splits = p.data.splitsByReason, !splits.isEmpty {
                p.out += "<h3>\(esc(l.splitsTitle))</h3>\n"
                p.out += p.table([l.reason, l.count], splits.sorted { $0.key < $1.key }.map { [$0.key, l.int($0.value)] })
            }
        }
    }

    mutating func validation() {
        section("validation", l.validation) { p in
            let l = p.l
            guard let v = p.data.validation else {
                p.out += p.note(l.noValidation)
                return
            }
            let checked = v.columns.filter { $0.check != nil }
            let rows = checked.map { c -> SVGChart.Row in
                let invalid = c.findings.filter { $0.severity == .invalid }.reduce(0) { $0 + $1.count }
                let suspicious = c.findings.filter { $0.severity == .suspicious }.reduce(0) { $0 + $1.count }
                return .init(
                    label: c.name,
                    segments: [(Double(invalid), "s-neg", "\(l.invalid) \(l.int(invalid))"),
                               (Double(suspicious), "s-review", "\(l.suspicious) \(l.int(suspicious))")],
                    note: l.int(invalid + suspicious))
            }
            let chart = SVGChart(id: "chart-validation", title: l.validation, desc: l.validationCaption, labels: l)
            let table = checked.map { c -> [String] in
                let invalid = c.findings.filter { $0.severity == .invalid }.reduce(0) { $0 + $1.count }
                let suspicious = c.findings.filter { $0.severity == .suspicious }.reduce(0) { $0 + $1.count }
                return [c.name, c.check?.rawValue ?? "", l.dec(c.fillRate * 100, 1) + " %", l.int(invalid), l.int(suspicious),
                        c.findings.map { "\($0.reason) \(l.int($0.count))" }.joined(separator: "; ")]
            }
            p.figure(
                l.validationCaption,
                svg: chart.rows(rows, legend: [(l.invalid, "s-neg"), (l.suspicious, "s-review")]),
                table: p.table([l.column, l.check, l.filled, l.invalid, l.suspicious, l.reasons], table))
        }
    }

    mutating func curve() {
        section("curve", l.curveTitle) { p in
            let l = p.l
            guard let sweep = p.data.curve, sweep.points.count >= 2 else {
                p.out += p.note(l.noCurve)
                return
            }
            let pts = sweep.points
            var markers: [(x: Double, label: String)] = []
            if let r = p.data.run { markers.append((r.matchThreshold, "\(l.matchThreshold) \(l.dec(r.matchThreshold))")) }
            if let b = sweep.best { markers.append((b.threshold, "\(l.bestF1) \(l.dec(b.f1, 4)) (\(l.dec(b.threshold)))")) }
            let chart = SVGChart(id: "chart-curve", title: l.curveTitle, desc: l.curveCaption, labels: l)
            let svg = chart.lines(
                xs: pts.map(\.threshold),
                series: [(l.precision, "s-match", pts.map(\.precision)), (l.recall, "s-review", pts.map(\.recall)),
                         (l.f1, "s-pos", pts.map(\.f1))],
                markers: markers, xLabel: l.threshold)
            let step = max(1, pts.count / 40)
            let rows = stride(from: 0, to: pts.count, by: step).map { i in
                [l.dec(pts[i].threshold), l.dec(pts[i].precision, 4), l.dec(pts[i].recall, 4), l.dec(pts[i].f1, 4)]
            }
            p.figure(l.curveCaption, svg: svg, table: p.table([l.threshold, l.precision, l.recall, l.f1], rows))
        }
    }

    mutating func examples() {
        section("explain", l.explain) { p in
            let l = p.l, d = p.data
            guard !d.examples.isEmpty else {
                p.out += p.note(l.noExamples)
                return
            }
            p.out += "<p>\(esc(l.explainCaption))</p>\n"
            let prior = d.run?.priorWeight ?? 0
            var markers: [(x: Double, label: String)] = []
            if let r = d.run {
                markers = [(r.reviewThreshold, "\(l.reviewThreshold) \(l.dec(r.reviewThreshold))"),
                           (r.matchThreshold, "\(l.matchThreshold) \(l.dec(r.matchThreshold))")]
            }
            for (i, e) in d.examples.enumerated() {
                let decision = e.decision == .match ? l.match : l.reviewBand
                let name = "\(l.pair) \(e.idA) – \(e.idB)"
                p.out += "<details class=\"pair\"\(i == 0 ? " open" : "")><summary>\(esc(name)): \(esc(l.total)) "
                    + "\(esc(l.dec(e.weight))), \(esc(decision))</summary>\n"
                let chart = SVGChart(
                    id: "chart-pair-\(i + 1)", title: name,
                    desc: "\(l.prior) \(l.dec(prior)); \(l.total) \(l.dec(e.weight)); \(decision); \(e.rule)", labels: l)
                let svg = chart.waterfall(
                    start: (l.prior, prior),
                    steps: e.fields.map { ("\($0.field) (\($0.level))", $0.weight, ($0.weight >= 0 ? "+" : "") + l.dec($0.weight)) },
                    end: l.total, markers: markers)
                p.out += "<figure>\n\(svg)\n<figcaption>\(esc(l.rule)): \(esc(e.rule))</figcaption>\n</figure>\n"
                p.out += p.table([l.field, l.level, l.weight], e.fields.map { [$0.field, $0.level, l.dec($0.weight)] })
                p.out += "</details>\n"
            }
        }
    }

    mutating func times() {
        guard let r = data.run, !r.stages.isEmpty else { return }
        section("time", l.time) { p in
            p.out += p.table([p.l.stage, p.l.seconds], r.stages.map { [$0, p.l.dec(r.seconds[$0] ?? 0, 3)] })
        }
    }

    static let css = """
        :root{--match:#0072B2;--review:#E69F00;--non:#B8B8B8;--pos:#009E73;--neg:#D55E00;--ink:#1b1b1b;--muted:#555}
        *{box-sizing:border-box}
        body{margin:0;background:#f6f6f4;color:var(--ink);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:62rem;margin:0 auto;padding:1rem 1.25rem 4rem}
        h1{font-size:1.8rem;margin:.6rem 0}h2{font-size:1.3rem;margin:.2rem 0 .6rem}h3{font-size:1.05rem}
        section{background:#fff;border:1px solid #d9d9d6;border-radius:.5rem;padding:.8rem 1.1rem 1rem;margin:1.1rem 0}
        figure{margin:0}figcaption{color:var(--muted);font-size:.92rem;margin:.3rem 0}
        svg.chart{display:block;width:100%;height:auto}
        svg text{fill:#333}svg .value{fill:#222}svg .marker-label{fill:#000;font-weight:600}
        .grid{stroke:#e6e6e6}.axis{stroke:#555}.marker{stroke:#000;stroke-dasharray:5 4;stroke-width:1.5}
        .s-match{fill:var(--match)}.s-review{fill:var(--review)}.s-non{fill:var(--non)}.s-plain{fill:#4d6a88}
        .s-pos{fill:var(--pos)}.s-neg{fill:var(--neg)}.s-total{fill:#333}
        polyline.line,line.line{fill:none;stroke-width:2.5}.line.s-match{stroke:var(--match)}
        .line.s-review{stroke:var(--review);stroke-dasharray:7 3}.line.s-pos{stroke:var(--pos);stroke-dasharray:2 2}
        table{border-collapse:collapse;font-size:.92rem;margin:.5rem 0;display:block;overflow-x:auto;max-width:100%}
        th,td{padding:.2rem .7rem;border-bottom:1px solid #e3e3e3;text-align:right;vertical-align:top}
        th:first-child,td:first-child,thead th{text-align:left}
        caption{text-align:left;font-weight:600}
        dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.5rem 1.2rem;margin:0}
        dl.figures div{border-left:3px solid #4d6a88;padding-left:.6rem}dl.figures .wide{grid-column:1/-1}dt{color:var(--muted);font-size:.9rem}
        dd{margin:0;font-size:1.15rem;font-weight:600;overflow-wrap:anywhere}
        details{margin:.4rem 0}summary{cursor:pointer;padding:.15rem 0}
        details.pair{border-top:1px solid #e3e3e3;padding-top:.3rem}
        .note{color:var(--muted)}.warnings li{color:#8a3b00}
        :focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
        @media print{body{background:#fff}section{break-inside:avoid;border:none}details{display:block}}
        """
}

extension ReportHTML {
    /// The report's file name in a result directory.
    public static let fileName = "report.html"

    /// Renders `data` and writes it to `path` atomically (`AtomicFileWriter`).
    /// - Returns: the page's size in bytes.
    /// - Throws: `AtomicFileError`.
    @discardableResult
    public static func write(_ data: ReportData, language: ReportLabels.Language, to path: String) throws -> Int {
        let page = Array(render(data, language: language).utf8)
        let w = try AtomicFileWriter(path: path)
        w.write(page)
        try w.commit()
        return page.count
    }
}
