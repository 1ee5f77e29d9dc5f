import Dubblett
import Foundation

/// What a job does: the CLI command of the same name, run on files in the data directory.
public enum JobKind: String, Codable, Sendable, CaseIterable {
    case dedupe, link, validate, update, suppress

    /// The inputs this kind requires and the ones it also accepts.
    var inputs: (required: [JobInputs.CodingKeys], optional: [JobInputs.CodingKeys]) {
        switch self {
        case .dedupe: ([.register], [.settings, .model])
        case .link: ([.register, .reference], [.settings, .model])
        case .validate: ([.register], [])
        case .update: ([.register, .reference], [.phonebook])
        case .suppress: ([.register, .nix], [])
        }
    }

    /// The options this kind accepts.
    var options: [JobOptions.CodingKeys] {
        switch self {
        case .dedupe, .link: [.matchThreshold, .reviewThreshold]
        case .validate: [.referenceDate]
        case .update: [.minWeight, .margin, .append]
        case .suppress: [.washDate]
        }
    }

    /// Whether a job of this kind can be created from one uploaded file (`POST /v1/jobs?kind=…` with a CSV body).
    var takesOneFile: Bool { inputs.required == [.register] }
}

/// A job's input files, each a path relative to the data directory.
public struct JobInputs: Codable, Sendable, Equatable {
    /// The register (every kind); register A for `link`.
    public var register: String?
    /// Register B for `link`; the population extract (SPAR-shaped) for `update`.
    public var reference: String?
    /// `update`: a phone book (personnummer, telefon).
    public var phonebook: String?
    /// `suppress`: the do-not-call list, one number per line.
    public var nix: String?
    /// `dedupe`/`link`: a settings file (JSON, as `dubblett dedupe --settings`).
    public var settings: String?
    /// `dedupe`/`link`: a saved model to use instead of training one.
    public var model: String?

    public init(register: String? = nil) { self.register = register }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case register, reference, phonebook, nix, settings, model
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        register = try c.decodeIfPresent(String.self, forKey: .register)
        reference = try c.decodeIfPresent(String.self, forKey: .reference)
        phonebook = try c.decodeIfPresent(String.self, forKey: .phonebook)
        nix = try c.decodeIfPresent(String.self, forKey: .nix)
        settings = try c.decodeIfPresent(String.self, forKey: .settings)
        model = try c.decodeIfPresent(String.self, forKey: .model)
    }

    subscript(key: CodingKeys) -> String? {
        switch key {
        case .register: register
        case .reference: reference
        case .phonebook: phonebook
        case .nix: nix
        case .settings: settings
        case .model: model
        }
    }
}

/// A job's options; which apply depends on the kind (`JobKind.options`).
public struct JobOptions: Codable, Sendable, Equatable {
    /// `dedupe`/`link`: match weight (log2 odds, -100 to 100) at or above which a pair is a match.
    public var matchThreshold: Double?
    /// `dedupe`/`link`: weight at or above which a pair that is not a match goes to review.
    public var reviewThreshold: Double?
    /// `validate`: date for century inference and 'future' checks, YYYY-MM-DD.
    public var referenceDate: String?
    /// `update`: lowest match weight of a link by name.
    public var minWeight: Double?
    /// `update`: lowest lead of the best candidate over the second best.
    public var margin: Double?
    /// `update`: columns of the extract to copy to linked customers.
    public var append: [String]?
    /// `suppress`: the wash date written to flagged rows, YYYY-MM-DD (default today).
    public var washDate: String?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case matchThreshold = "match_threshold"
        case reviewThreshold = "review_threshold"
        case referenceDate = "reference_date"
        case minWeight = "min_weight"
        case margin, append
        case washDate = "wash_date"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        matchThreshold = try c.decodeIfPresent(Double.self, forKey: .matchThreshold)
        reviewThreshold = try c.decodeIfPresent(Double.self, forKey: .reviewThreshold)
        referenceDate = try c.decodeIfPresent(String.self, forKey: .referenceDate)
        minWeight = try c.decodeIfPresent(Double.self, forKey: .minWeight)
        margin = try c.decodeIfPresent(Double.self, forKey: .margin)
        append = try c.decodeIfPresent([String].self, forKey: .append)
        washDate = try c.decodeIfPresent(String.self, forKey: .washDate)
    }

    /// The options that are set.
    var present: [CodingKeys] {
        CodingKeys.allCases.filter { key in
            switch key {
            case .matchThreshold: matchThreshold != nil
            case .reviewThreshold: reviewThreshold != nil
            case .referenceDate: referenceDate != nil
            case .minWeight: minWeight != nil
            case .margin: margin != nil
            case .append: append != nil
            case .washDate: washDate != nil
            }
        }
    }
}

/// The body of `POST /v1/jobs`: `{"kind": "dedupe", "inputs": {"register": "uploads/…"}, "options": {…}}`.
struct JobRequest: Decodable, Sendable {
    var kind: JobKind
    var inputs: JobInputs
    var options: JobOptions

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, inputs, options }

    init(kind: JobKind, inputs: JobInputs, options: JobOptions = JobOptions()) {
        self.kind = kind
        self.inputs = inputs
        self.options = options
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .kind)
        guard let kind = JobKind(rawValue: name) else {
            throw APIError.invalidField(
                "kind", "must be one of " + JobKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.kind = kind
        inputs = try c.decode(JobInputs.self, forKey: .inputs)
        options = try c.decodeIfPresent(JobOptions.self, forKey: .options) ?? JobOptions()
    }

    /// Checks which inputs and options are given for the kind and the options' ranges, every problem
    /// named by its field; the first is thrown.
    func check() throws(APIError) {
        let (required, optional) = kind.inputs
        for key in required where inputs[key] == nil {
            throw .invalidField("inputs.\(key.rawValue)", "required for a \(kind.rawValue) job, but missing")
        }
        for key in JobInputs.CodingKeys.allCases where inputs[key] != nil && !(required + optional).contains(key) {
            throw .invalidField(
                "inputs.\(key.rawValue)", "does not apply to a \(kind.rawValue) job (it takes "
                    + (required + optional).map(\.rawValue).joined(separator: ", ") + ")")
        }
        for key in options.present where !kind.options.contains(key) {
            throw .invalidField(
                "options.\(key.rawValue)", "does not apply to a \(kind.rawValue) job (it takes "
                    + kind.options.map(\.rawValue).joined(separator: ", ") + ")")
        }
        for (key, value) in [(JobOptions.CodingKeys.matchThreshold, options.matchThreshold),
                             (.reviewThreshold, options.reviewThreshold)]
        where value.map({ !$0.isFinite || abs($0) > 100 }) ?? false {
            throw .invalidField("options.\(key.rawValue)", "must be a number from -100 to 100")
        }
        if let m = options.matchThreshold, let r = options.reviewThreshold, r > m {
            throw .invalidField("options.review_threshold", "must be at most options.match_threshold")
        }
        if let w = options.minWeight, !w.isFinite || abs(w) > 100 {
            throw .invalidField("options.min_weight", "must be a number from -100 to 100")
        }
        if let m = options.margin, !m.isFinite || m < 0 || m > 100 {
            throw .invalidField("options.margin", "must be a number from 0 to 100")
        }
        for (key, value) in [(JobOptions.CodingKeys.referenceDate, options.referenceDate), (.washDate, options.washDate)] {
            if let value, Self.date(value) == nil {
                throw .invalidField("options.\(key.rawValue)", "must be a date written YYYY-MM-DD")
            }
        }
    }

    /// `YYYY-MM-DD` as yyyymmdd, or `nil`.
    static func date(_ text: String) -> Int32? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              case .valid(let d) = DateParser.parse(text) else { return nil }
        return d
    }
}
