/// The words of a run report in one language, and how it writes numbers.
public struct ReportLabels: Sendable {
    /// The report's languages.
    public enum Language: String, Sendable, CaseIterable {
        case en, sv
    }

    public let language: Language
    let title, intro, inputLabel, kindDedupe, kindLink, summary, records, candidatePairs, matches, review: String
    let clusters, multiClusters, largestCluster, refused, thresholds, matchThreshold, reviewThreshold, prior: String
    let missingFiles, notes, dataTable, clusterSizes, clusterSizesCaption, clusterSize, clusterCount: String
    let singletons, noClusters, weightsTitle, weightsCaptionAll, weightsCaptionListed, weightAxis, pairsAxis: String
    let nonMatch, match, reviewBand, model, modelCaption, field, level, mProb, uProb, weight, mSource: String
    let blocking, blockingCaption, rule, candidates, noBlocking, validation, validationCaption, column, check: String
    let filled, invalid, suspicious, reasons, noValidation, curveTitle, curveCaption, threshold, precision: String
    let recall, f1, bestF1, noCurve, explain, explainCaption, pair, decision, total, noExamples, truthTitle: String
    let pairwise, bcubed, time, stage, seconds, splitsTitle, reason, count, unavailable, noWeights, noModel: String

    /// The labels of `language`.
    public static func of(_ language: Language) -> ReportLabels { language == .sv ? sv : en }

    static let en = ReportLabels(
        language: .en, title: "Dubblett run report",
        intro: "What the run found, how the model weighs each field, and why pairs near the threshold were decided as they were. Every chart has its figures in a table below it.",
        inputLabel: "Input", kindDedupe: "deduplication", kindLink: "linkage", summary: "Summary", records: "Records",
        candidatePairs: "Candidate pairs compared", matches: "Matched pairs", review: "Pairs for review",
        clusters: "Clusters", multiClusters: "Clusters with 2+ records", largestCluster: "Largest cluster",
        refused: "Links refused by the guards", thresholds: "Thresholds", matchThreshold: "match threshold",
        reviewThreshold: "review threshold", prior: "prior", missingFiles: "Not in the result directory",
        notes: "Notes", dataTable: "Figures as a table", clusterSizes: "Cluster sizes",
        clusterSizesCaption: "Clusters of two or more records by number of records.", clusterSize: "Records",
        clusterCount: "Clusters", singletons: "Records in no cluster (singletons)",
        noClusters: "No cluster sizes: a linkage has no clusters, or clusters.csv is missing.",
        weightsTitle: "Match weights",
        weightsCaptionAll: "Every compared pair by match weight (log2 odds), coloured by decision; the dashed lines are the review and match thresholds.",
        weightsCaptionListed: "Matched and review pairs by match weight (log2 odds); pairs below the review threshold are not in the result files. The dashed lines are the thresholds.",
        weightAxis: "match weight", pairsAxis: "pairs", nonMatch: "not a match", match: "match",
        reviewBand: "review", model: "The model: weight of each field and level",
        modelCaption: "log2(m/u) for each comparison level: m is the share of true matches at that level, u the share of non-matches. Positive levels are evidence for a match, negative against.",
        field: "Field", level: "Level", mProb: "m", uProb: "u", weight: "Weight", mSource: "m from",
        blocking: "Pairs per blocking rule",
        blockingCaption: "Candidate pairs each blocking rule generated (pairs an earlier rule found are counted there), with the matches among them.",
        rule: "Rule", candidates: "Candidates", noBlocking: "No blocking figures (summary.json is missing).",
        validation: "Validation findings per column",
        validationCaption: "Values that are invalid or suspicious in each checked column of the register.",
        column: "Column", check: "Check", filled: "Filled", invalid: "Invalid", suspicious: "Suspicious",
        reasons: "Reasons",
        noValidation: "No validation: run dedupe with --report, or give report --validation with the output of dubblett validate --json.",
        curveTitle: "Precision and recall by threshold",
        curveCaption: "For each match threshold, the share of listed pairs at or above it that are true (precision) and the share of all true pairs they cover (recall), before clustering. The curve starts at the review threshold: lower pairs are not in the result.",
        threshold: "threshold", precision: "precision", recall: "recall", f1: "F1", bestF1: "best F1",
        noCurve: "No threshold curve: give --truth with the true entity of each id.",
        explain: "Why pairs near the threshold were decided",
        explainCaption: "The pairs closest to the match threshold. Each starts at the prior weight; every field adds its weight (green for, red against) and the last bar is the pair's match weight. Open a pair to see it.",
        pair: "Pair", decision: "Decision", total: "match weight", noExamples: "No pairs to explain.",
        truthTitle: "Against the truth", pairwise: "Pairwise", bcubed: "B-cubed", time: "Time per stage",
        stage: "Stage", seconds: "Seconds", splitsTitle: "Refused links", reason: "Reason", count: "Count",
        unavailable: "not available", noWeights: "No match weights (the pair files are missing).",
        noModel: "No model (summary.json is missing).")

    static let sv = ReportLabels(
        language: .sv, title: "Dubblett körningsrapport",
        intro: "Vad körningen hittade, hur modellen väger varje fält och varför par nära tröskeln bedömdes som de gjorde. Under varje diagram finns siffrorna i en tabell.",
        inputLabel: "Indata", kindDedupe: "dubbletter", kindLink: "länkning", summary: "Sammanfattning",
        records: "Poster", candidatePairs: "Jämförda kandidatpar", matches: "Matchade par",
        review: "Par att granska", clusters: "Kluster", multiClusters: "Kluster med 2+ poster",
        largestCluster: "Största klustret", refused: "Länkar som spärrarna nekade", thresholds: "Trösklar",
        matchThreshold: "matchningströskel", reviewThreshold: "granskningströskel", prior: "utgångsvikt",
        missingFiles: "Saknas i resultatmappen", notes: "Anmärkningar", dataTable: "Siffrorna som tabell",
        clusterSizes: "Klusterstorlekar", clusterSizesCaption: "Kluster med två eller fler poster efter antal poster.",
        clusterSize: "Poster", clusterCount: "Kluster", singletons: "Poster utan kluster (ensamma)",
        noClusters: "Inga klusterstorlekar: en länkning har inga kluster, eller så saknas clusters.csv.",
        weightsTitle: "Matchningsvikter",
        weightsCaptionAll: "Alla jämförda par efter matchningsvikt (log2-odds), färgade efter beslut; de streckade linjerna är gransknings- och matchningströskeln.",
        weightsCaptionListed: "Matchade par och granskningspar efter matchningsvikt (log2-odds); par under granskningströskeln finns inte i resultatfilerna. De streckade linjerna är trösklarna.",
        weightAxis: "matchningsvikt", pairsAxis: "par", nonMatch: "ingen matchning", match: "matchning",
        reviewBand: "granskning", model: "Modellen: vikten för varje fält och nivå",
        modelCaption: "log2(m/u) för varje jämförelsenivå: m är andelen sanna matchningar på nivån, u andelen icke-matchningar. Positiva nivåer talar för matchning, negativa emot.",
        field: "Fält", level: "Nivå", mProb: "m", uProb: "u", weight: "Vikt", mSource: "m från",
        blocking: "Par per blockeringsregel",
        blockingCaption: "Kandidatpar som varje blockeringsregel gav (par som en tidigare regel hittade räknas där), med matchningarna bland dem.",
        rule: "Regel", candidates: "Kandidater", noBlocking: "Inga blockeringssiffror (summary.json saknas).",
        validation: "Valideringsfynd per kolumn",
        validationCaption: "Värden som är ogiltiga eller misstänkta i varje kontrollerad kolumn i registret.",
        column: "Kolumn", check: "Kontroll", filled: "Ifyllda", invalid: "Ogiltiga", suspicious: "Misstänkta",
        reasons: "Orsaker",
        noValidation: "Ingen validering: kör dedupe med --report, eller ge report --validation med utdata från dubblett validate --json.",
        curveTitle: "Precision och täckning per tröskel",
        curveCaption: "För varje matchningströskel: andelen listade par på eller över den som är sanna (precision) och andelen av alla sanna par de täcker (täckning), före klustring. Kurvan börjar vid granskningströskeln: lägre par finns inte i resultatet.",
        threshold: "tröskel", precision: "precision", recall: "täckning", f1: "F1", bestF1: "bästa F1",
        noCurve: "Ingen tröskelkurva: ange --truth med den sanna enheten för varje id.",
        explain: "Varför par nära tröskeln bedömdes som de gjorde",
        explainCaption: "Paren närmast matchningströskeln. Varje par börjar i utgångsvikten; varje fält lägger till sin vikt (grönt för, rött emot) och sista stapeln är parets matchningsvikt. Öppna ett par för att se det.",
        pair: "Par", decision: "Beslut", total: "matchningsvikt", noExamples: "Inga par att förklara.",
        truthTitle: "Mot facit", pairwise: "Parvis", bcubed: "B-cubed", time: "Tid per steg", stage: "Steg",
        seconds: "Sekunder", splitsTitle: "Nekade länkar", reason: "Orsak", count: "Antal",
        unavailable: "saknas", noWeights: "Inga matchningsvikter (parfilerna saknas).",
        noModel: "Ingen modell (summary.json saknas).")

    /// An integer with thousands grouped (`12,345` or `12 345`).
    func int(_ v: Int) -> String {
        let digits = String(abs(v))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += language == .sv ? "\u{202F}" : "," }
            out.append(c)
        }
        return (v < 0 ? "−" : "") + out
    }

    /// A number with `digits` decimals, with the language's decimal sign and a real minus sign.
    func dec(_ v: Double, _ digits: Int = 2) -> String {
        guard v.isFinite else { return v > 0 ? "∞" : (v < 0 ? "−∞" : "–") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        var whole = String(Int(r / scale))
        if digits > 0 {
            var frac = String(Int(r.truncatingRemainder(dividingBy: scale)))
            while frac.count < digits { frac = "0" + frac }
            whole += (language == .sv ? "," : ".") + frac
        }
        return (v < 0 && r != 0 ? "−" : "") + whole
    }
}
