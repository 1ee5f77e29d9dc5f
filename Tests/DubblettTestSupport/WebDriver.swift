import Foundation
#if canImport(Glibc)
import Glibc
private let closeDescriptor = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let closeDescriptor = Darwin.close
#endif

/// A headless Chromium driven over W3C WebDriver (chromedriver; plain HTTP/1.1 and JSON over a socket), for browser tests
/// of the pages Dubblett writes or serves.
///
/// `start()` launches Debian's `chromedriver` on a free port and opens one session of `chromium
/// --headless=new`; `close()` ends both (and `deinit` does, if a test forgot). Every call is
/// synchronous and throws `WebDriver.Failure` with the driver's message. Where Chromium is not installed,
/// `start()` returns `nil` (`skipReason` says why) so a test can skip with a clear message; setup.sh
/// installs it, so CI runs the tests.
///
/// ```swift
/// guard let browser = try WebDriver.start() else { print(WebDriver.skipReason); return }
/// defer { browser.close() }
/// try browser.open(url: "file:///tmp/report.html")
/// let bars = try browser.execute("return document.querySelectorAll('rect.bar').length") as? Int
/// try browser.screenshot(css: "#chart-weights", to: "/tmp/weights.png")
/// ```
public final class WebDriver: @unchecked Sendable {
    /// A WebDriver command failed.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Where the browser and driver are looked for.
    public static let chromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    public static let driverPaths = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
    /// Why `start()` returned `nil`.
    public static let skipReason =
        "skipped: headless Chromium is not installed (apt-get install chromium chromium-driver; scripts/setup.sh does)"

    private let driver: Process
    private let port: Int
    private var session: String?
    /// The W3C element reference key.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    private init(driver: Process, port: Int) {
        self.driver = driver
        self.port = port
    }

    /// Starts chromedriver and a headless Chromium session with a window of `width` × `height` CSS pixels,
    /// or returns `nil` when either is not installed.
    /// - Throws: `Failure` when they are installed but do not start within `timeout` seconds.
    public static func start(width: Int = 1280, height: Int = 1000, timeout: Double = 20) throws -> WebDriver? {
        let fm = FileManager.default
        guard let chromium = chromiumPaths.first(where: { fm.isExecutableFile(atPath: $0) }),
            let driverPath = driverPaths.first(where: { fm.isExecutableFile(atPath: $0) })
        else { return nil }
        let port = freePort()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: driverPath)
        p.arguments = ["--port=\(port)", "--log-level=SEVERE"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let d = WebDriver(driver: p, port: port)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = try? d.request("GET", "/status", timeout: 1) as? [String: Any],
                status["ready"] as? Bool == true
            {
                break
            }
            guard Date() < deadline, p.isRunning else {
                d.close()
                throw Failure(description: "chromedriver did not become ready on port \(port) within \(timeout) s")
            }
            usleep(50_000)
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": chromium,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--no-first-run", "--disable-extensions", "--window-size=\(width),\(height)",
                        ],
                    ],
                ]
            ]
        ]
        do {
            let value = try d.request("POST", "/session", capabilities, timeout: timeout) as? [String: Any]
            guard let id = value?["sessionId"] as? String else {
                throw Failure(description: "chromedriver opened no session: \(String(describing: value))")
            }
            d.session = id
        } catch {
            d.close()
            throw error
        }
        return d
    }

    /// Ends the session and stops chromedriver (idempotent).
    public func close() {
        if let s = session {
            _ = try? request("DELETE", "/session/\(s)", timeout: 5)
            session = nil
        }
        if driver.isRunning {
            driver.terminate()
            let deadline = Date().addingTimeInterval(5)
            while driver.isRunning && Date() < deadline { usleep(10_000) }
        }
    }

    deinit { close() }

    // MARK: Commands

    /// Navigates to `url` and waits for the page to load.
    public func open(url: String) throws { _ = try command("POST", "/url", ["url": url]) }

    /// Runs `script` (a function body; `arguments[i]` holds `args[i]`) in the page and returns its value
    /// (JSON types: `Int`/`Double` as `NSNumber`, `String`, `[Any]`, `[String: Any]`, `NSNull`).
    public func execute(_ script: String, _ args: [Any] = []) throws -> Any? {
        try command("POST", "/execute/sync", ["script": script, "args": args])
    }

    /// Sets the window's outer size in CSS pixels.
    public func resize(width: Int, height: Int) throws {
        _ = try command("POST", "/window/rect", ["width": width, "height": height])
    }

    /// The reference of the first element matching `css`.
    public func element(_ css: String) throws -> String {
        let v = try command("POST", "/element", ["using": "css selector", "value": css]) as? [String: Any]
        guard let id = v?[Self.elementKey] as? String else { throw Failure(description: "no element \(css)") }
        return id
    }

    /// Saves a PNG of the element matching `css` (scrolled into view) to `path`; returns its byte count.
    @discardableResult
    public func screenshot(css: String, to path: String) throws -> Int {
        let id = try element(css)
        return try savePNG(try command("GET", "/element/\(id)/screenshot"), to: path)
    }

    /// Saves a PNG of the viewport to `path`; returns its byte count.
    @discardableResult
    public func screenshot(to path: String) throws -> Int { try savePNG(try command("GET", "/screenshot"), to: path) }

    /// Types `text` into the focused element (WebDriver key actions; `"\u{E007}"` is Enter, `"\u{E004}"` Tab).
    public func press(_ text: String) throws {
        var actions: [[String: Any]] = []
        for c in text.unicodeScalars {
            actions.append(["type": "keyDown", "value": String(c)])
            actions.append(["type": "keyUp", "value": String(c)])
        }
        _ = try command("POST", "/actions", ["actions": [["type": "key", "id": "keyboard", "actions": actions]]])
    }

    private func savePNG(_ value: Any?, to path: String) throws -> Int {
        guard let b64 = value as? String, let png = Data(base64Encoded: b64) else {
            throw Failure(description: "the screenshot is not base64 PNG")
        }
        try png.write(to: URL(fileURLWithPath: path))
        return png.count
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any? {
        guard let s = session else { throw Failure(description: "no session") }
        return try request(method, "/session/\(s)" + path, body, timeout: 30)
    }

    /// One HTTP request to the driver; returns the JSON reply's `value`, or throws its error.
    private func request(_ method: String, _ path: String, _ body: [String: Any]? = nil, timeout: Double) throws -> Any? {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
            ?? (method == "POST" ? Data("{}".utf8) : Data())
        let (status, data) = try Self.http(port: port, method: method, path: path, body: payload, timeout: timeout)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let value = json?["value"]
        if status != 200 {
            let v = value as? [String: Any]
            let kind = v?["error"] as? String ?? ""
            let message = String((v?["message"] as? String ?? "").prefix(400))
            throw Failure(description: "\(method) \(path): HTTP \(status) \(kind): \(message)")
        }
        return value is NSNull ? nil : value
    }

    /// A blocking HTTP/1.1 exchange with 127.0.0.1:`port` over one socket (`Connection: close`): the
    /// status code and the body. No URLSession, so no run loop or thread pool is involved.
    static func http(port: Int, method: String, path: String, body: Data, timeout: Double) throws -> (Int, Data) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { _ = closeDescriptor(fd) }
        var tv = timeval()
        tv.tv_sec = .init(max(1, Int(timeout.rounded(.up))))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port): errno \(errno)") }
        var request = Data("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n".utf8)
        request += Data("Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        request += body
        try request.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, 0)
                guard n > 0 else { throw Failure(description: "\(method) \(path): send failed, errno \(errno)") }
                sent += n
            }
        }
        // Read to the end (the driver closes after `Connection: close`), or to Content-Length.
        var reply = Data(), buffer = [UInt8](repeating: 0, count: 1 << 16)
        var headerEnd: Int?, length: Int?
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 { throw Failure(description: "\(method) \(path): no reply within \(timeout) s (errno \(errno))") }
            if n == 0 { break }
            reply.append(contentsOf: buffer[0..<n])
            if headerEnd == nil, let r = reply.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = r.upperBound
                let head = String(decoding: reply[..<r.lowerBound], as: UTF8.self).lowercased()
                if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                    length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
                }
            }
            if let h = headerEnd, let length, reply.count - h >= length { break }
        }
        guard let h = headerEnd else { throw Failure(description: "\(method) \(path): malformed reply") }
        let statusLine = String(decoding: reply.prefix(while: { $0 != 13 }), as: UTF8.self).split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        return (status, reply.subdata(in: h..<(length.map { h + $0 } ?? reply.count)))
    }

    /// A free TCP port on the loopback interface (bound, read, released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = closeDescriptor(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
