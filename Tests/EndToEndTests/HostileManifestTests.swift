import Foundation
import PartnerCenterTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `cspctl validate` on hostile files and folders, through the built binary (issue 12, "Hostile files"): a FIFO,
/// links back to the folder, a link to `/dev/zero`, a sparse 3 GiB file, a padded alias bomb, nesting hidden from
/// the quick estimate, 100,000 unknown keys, a value of a megabyte echoed per customer. Each run has a timeout, so
/// a regression fails instead of hanging the suite, and asserts the exit code, a bounded output and the located
/// message.
@Suite(.tags(.endToEnd, .slow)) struct HostileManifestTests {
    /// A run that hangs (a FIFO read) or reads gigabytes is killed at this point and fails the test; ordinary runs
    /// take well under a second.
    static let timeout: Duration = .seconds(60)
    /// No hostile case may print more than this (the unbounded cases printed megabytes).
    static let outputBound = 64 * 1024

    let cli = CLIRunner(timeout: HostileManifestTests.timeout)

    static let valid = ValidateCommandTests.valid

    /// A temporary folder with `valid.yaml`, removed by the caller.
    static func folder(_ files: [String: String] = ["valid.yaml": valid]) throws -> URL {
        try ValidateCommandTests.tree(files)
    }

    /// Runs `cspctl validate` with `arguments` in `directory`, failing the test on a timeout or an unbounded output.
    func validate(_ arguments: [String], in directory: URL) async throws -> CLIRunner.Output {
        let output = try await cli.run(["validate"] + arguments, in: directory)
        #expect(!output.timedOut, "validate \(arguments) did not finish within \(Self.timeout)")
        #expect(
            output.stderr.utf8.count + output.stdout.utf8.count <= Self.outputBound,
            "\(output.stderr.prefix(2_000))"
        )
        return output
    }

    // MARK: Files that are not regular files

    @Test func fifoNamedLikeAManifestIsSkippedWithALocatedWarningAndNeverBlocks() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.appendingPathComponent("pipe.yaml").path, 0o600) == 0)

        let walked = try await validate(["."], in: folder)
        #expect(walked.status == 0, "\(walked.stderr)")
        #expect(
            walked.stderr.contains(
                "./pipe.yaml:1:1: warning: skipped ./pipe.yaml: it is a FIFO (named pipe), not a regular file"
            )
        )
        #expect(walked.stderr.hasSuffix("1 file, 1 customer, 1 subscription: valid (1 warning).\n"))

        // Named explicitly: an error (it was asked for), still without waiting for a writer.
        let named = try await validate(["pipe.yaml"], in: folder)
        #expect(named.status == 1)
        #expect(
            named.stderr.contains(
                "pipe.yaml:1:1: error: cannot read pipe.yaml: it is a FIFO (named pipe), not a regular file"
            )
        )
    }

    @Test func linksToTheFolderItselfAreNotFollowedAndEachFileIsReadOnce() async throws {
        let folder = try Self.folder(["valid.yaml": Self.valid, "sub/other.yaml": "apiVersion: cspctl/v1\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        // Two links to `.` made the walk exponential; one read the file 41 times ("declared twice").
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("loop-a").path, withDestinationPath: ".")
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("loop-b").path, withDestinationPath: ".")
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        // Another path to a folder and to a file already read: read once, silently.
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("sub-again").path,
            withDestinationPath: "sub"
        )
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("sub/same.yaml").path,
            withDestinationPath: "../valid.yaml"
        )
        // A link that points nowhere is said, not silently dropped.
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("gone.yaml").path,
            withDestinationPath: "nowhere.yaml"
        )

        let output = try await validate(["."], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stderr.contains("declared twice"))
        for link in ["./loop-a", "./loop-b", "./sub/up"] {
            #expect(
                output.stderr.contains(
                    "\(link):1:1: warning: skipped \(link): a link back to a folder that contains it (a loop); not followed"
                )
            )
        }
        #expect(
            output.stderr.contains(
                "./gone.yaml:1:1: warning: skipped ./gone.yaml: a symbolic link that cannot be followed"
            )
        )
        #expect(
            output.stderr.hasSuffix("2 files, 1 customer, 1 subscription: valid (4 warnings).\n"),
            "\(output.stderr)"
        )
    }

    @Test func linkToDevZeroIsRefusedWithoutReadingIt() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("zero.yaml").path,
            withDestinationPath: "/dev/zero"
        )
        let walked = try await validate(["."], in: folder)
        #expect(walked.status == 0, "\(walked.stderr)")
        #expect(
            walked.stderr.contains(
                "./zero.yaml:1:1: warning: skipped ./zero.yaml: it is a character device, not a regular file"
            )
        )

        let named = try await validate(["zero.yaml"], in: folder)
        #expect(named.status == 1, "a crash (SIGABRT) has another status: \(named.status)")
        #expect(
            named.stderr.contains(
                "zero.yaml:1:1: error: cannot read zero.yaml: it is a character device, not a regular file"
            )
        )
    }

    @Test func sparseFileOverTheLimitIsRefusedBeforeReading() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.yaml")
        // 3 GiB that take no disk: a hole. Reading it first crashed (SIGABRT).
        #expect(FileManager.default.createFile(atPath: big.path, contents: Data("apiVersion: cspctl/v1\n".utf8)))
        #expect(truncate(big.path, 3 << 30) == 0)

        let output = try await validate(["."], in: folder)
        #expect(output.status == 1, "a crash (SIGABRT) has another status: \(output.status)")
        #expect(
            output.stderr.contains(
                "./big.yaml:1:1: error: the file is 3,221,225,472 bytes, larger than 64 MiB; split it into several files"
            )
        )
        #expect(output.stderr.hasSuffix("1 error in 2 files, 1 customer, 1 subscription.\n"), "\(output.stderr)")
    }

    // MARK: YAML

    /// An anchor used 20,000 times: past the fixed number of alias uses. The padding (a 2 MB comment) once raised
    /// the limit with the file's size, so this file was accepted and expanded.
    @Test func paddedAliasBombIsRefusedAtAFixedLimit() async throws {
        let padding = String(repeating: "#" + String(repeating: "x", count: 99) + "\n", count: 20_000)
        var text = "apiVersion: cspctl/v1\n" + padding
        text += "customers:\n  - &c {domain: a.onmicrosoft.com, gdap: {roles: [Global Reader, Directory Readers]}}\n"
        text += String(repeating: "  - *c\n", count: 20_000)
        let folder = try Self.folder(["bomb.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }

        let output = try await validate(["bomb.yaml"], in: folder)
        #expect(output.status == 1)
        // The 10,001st alias: line 20,002 (2 header lines and the anchor) + 10,001.
        #expect(
            output.stderr.hasPrefix(
                "bomb.yaml:30004:5: error: the file uses YAML aliases (*name) more than 10,000 times; cspctl refuses it\n"
            ),
            "\(output.stderr.prefix(500))"
        )
        #expect(
            output.stderr.hasSuffix("1 error in 1 file, 0 customers, 0 subscriptions.\n"),
            "\(output.stderr.suffix(300))"
        )
    }

    /// Nested aliases (10 × 10 × …): refused at the fixed cap on the nodes they stand for.
    @Test func nestedAliasBombIsRefusedAtTheExpansionCap() async throws {
        var text = "apiVersion: cspctl/v1\nx0: &a0 [a, b, c, d, e, f, g, h, i, j]\n"
        for level in 1...8 {
            text +=
                "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let folder = try Self.folder(["bomb.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await validate(["bomb.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(
            output.stderr.contains(
                "error: expanding YAML aliases (*name) stands for more than 250,000 nodes; cspctl refuses it"
            ),
            "\(output.stderr.prefix(500))"
        )
    }

    /// Deeper than 64 levels, written so that the quick estimate did not see it: brackets after a `"` inside a
    /// plain scalar, and explicit `? ` keys on one line.
    @Test(arguments: [
        "apiVersion: cspctl/v1\ncustomers: [x \"y, " + String(repeating: "[", count: 200) + "z"
            + String(repeating: "]", count: 200) + ", w\"v]\n",
        "apiVersion: cspctl/v1\nx:\n  " + String(repeating: "? ", count: 999) + "k\n",
    ])
    func nestingHiddenFromTheEstimateIsRefused(text: String) async throws {
        let folder = try Self.folder(["deep.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await validate(["deep.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(
            output.stderr.contains("error: the YAML is nested more than 64 levels deep here; cspctl refuses it"),
            "\(output.stderr.prefix(500))"
        )
        #expect(output.stderr.hasPrefix("deep.yaml:"))
    }

    // MARK: Diagnostics output

    /// 100,000 unknown keys printed 22 MB: now 50 and a count, while the closing line counts every error.
    @Test func unknownKeysArePrintedFiftyTimesAndCounted() async throws {
        let count = ProcessInfo.processInfo.environment["CSPCTL_HOSTILE_KEYS"].flatMap(Int.init) ?? 100_000
        var text = "apiVersion: cspctl/v1\n"
        text += (0..<count).map { "k\($0): 1\n" }.joined()
        let folder = try Self.folder(["keys.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }

        let output = try await validate(["keys.yaml"], in: folder)
        #expect(output.status == 1)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.filter { $0.contains(": error: unknown key 'k") }.count == 50)
        #expect(lines.first == "keys.yaml:2:1: error: unknown key 'k0' in manifest file")
        #expect(
            output.stderr.contains(
                "cspctl: error: … and \(grouped(count - 50)) more unknown_key errors (the first 50 are shown)\n"
            )
        )
        #expect(
            output.stderr.hasSuffix("\(count) errors in 1 file, 0 customers, 0 subscriptions.\n"),
            "\(output.stderr.suffix(300))"
        )

    }

    /// JSON lists 50 of a kind too, counts the rest in `omitted`, and its summary counts every error.
    @Test func jsonListsFiftyOfAKindAndCountsTheRest() async throws {
        let count = 2_000
        let folder = try Self.folder([
            "keys.yaml": "apiVersion: cspctl/v1\n" + (0..<count).map { "k\($0): 1\n" }.joined()
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = try await cli.run(["validate", "keys.yaml", "--format", "json"], in: folder)
        #expect(!json.timedOut)
        #expect(json.status == 1)
        #expect(json.stdout.utf8.count <= Self.outputBound)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((report?["diagnostics"] as? [Any])?.count == 50)
        #expect((report?["summary"] as? [String: Any])?["errors"] as? Int == count)
        let omitted = report?["omitted"] as? [[String: Any]]
        #expect(omitted?.count == 1)
        #expect(omitted?.first?["code"] as? String == "unknown_key")
        #expect(omitted?.first?["severity"] as? String == "error")
        #expect(omitted?.first?["count"] as? Int == count - 50)
    }

    /// A megabyte GDAP name in `defaults`, echoed once per customer: each message quotes 80 characters of it and
    /// its length.
    @Test func aLongValueIsQuotedShortInEveryMessage() async throws {
        let length = ProcessInfo.processInfo.environment["CSPCTL_HOSTILE_VALUE"].flatMap(Int.init) ?? 1_048_576
        var text =
            "apiVersion: cspctl/v1\ndefaults:\n  gdap:\n    name: " + String(repeating: "n", count: length) + "\n"
        text += "    roles: [Global Reader]\ncustomers:\n"
        for index in 0..<40 {
            text +=
                "  - {domain: c\(index).onmicrosoft.com, companyName: \(String(repeating: "q", count: length / 8))}\n"
        }
        let folder = try Self.folder(["long.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await validate(["long.yaml"], in: folder)
        #expect(output.status == 1)
        let quoted = String(repeating: "n", count: 80) + "… (\(grouped(length)) characters)"
        #expect(
            output.stderr.contains(
                "long.yaml:4:11: error: GDAP name '\(quoted)' for c0.onmicrosoft.com is \(length) characters; the limit is 50\n"
            ),
            "\(output.stderr.prefix(1_000))"
        )
        #expect(!output.stderr.contains(String(repeating: "n", count: 81)))
        #expect(!output.stderr.contains(String(repeating: "q", count: 81)))
    }

    // MARK: Paths

    @Test func aMissingPathIsLocatedAtThePath() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await validate(["valid.yaml", "missing.yaml", "missing-folder"], in: folder)
        #expect(output.status == 1)
        #expect(output.stderr.contains("missing.yaml:1:1: error: no such file or folder: missing.yaml\n"))
        #expect(output.stderr.contains("missing-folder:1:1: error: no such file or folder: missing-folder\n"))
    }

    // MARK: Generated hostile files, together

    /// The fuzz generator's hostile kinds (see `ManifestFuzzTests.hostile`), written as one folder of files and
    /// validated in one run of the binary: it finishes, fails with exit 1, every error line is located at one
    /// of the files, and the whole report stays under a bound that does not grow with the files' content.
    @Test func generatedHostileFilesGiveABoundedLocatedReport() async throws {
        let count = ProcessInfo.processInfo.environment["CSPCTL_HOSTILE_FILES"].flatMap(Int.init) ?? 40
        var files: [String: String] = [:]
        for index in 0..<count {
            files[String(format: "h%03d.yaml", index)] = Self.hostile(kind: index, size: 2_000 + 97 * index)
        }
        let folder = try Self.folder(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await validate(["."], in: folder)
        #expect(output.status == 1)
        for line in output.stderr.split(separator: "\n") where line.contains(": error: ") {
            #expect(line.hasPrefix("./h") || line.hasPrefix("cspctl: error: … and "), "unlocated: \(line)")
            #expect(line.utf8.count <= 1_000, "a message longer than any quote allows: \(line.prefix(200))")
        }
    }

    /// One hostile manifest of a kind, `size` its scale (keys, aliases, characters).
    static func hostile(kind: Int, size: Int) -> String {
        let header = "apiVersion: cspctl/v1\n"
        switch kind % 8 {
        case 0: return header + (0..<size).map { "unknown\($0): x\n" }.joined()
        case 1:
            return header + "customers:\n  - &c {domain: a.onmicrosoft.com}\n"
                + String(repeating: "  - *c\n", count: size * 6)
        case 2: return header + "customers: [a \"b, " + String(repeating: "[", count: 100 + size % 50) + "]\"]\n"
        case 3: return header + "x: " + String(repeating: "? ", count: 70 + size % 900) + "k\n"
        case 4:
            return header + "customers:\n  - domain: " + String(repeating: "d", count: size * 50)
                + "\n    companyName: "
                + String(repeating: "c", count: size * 50) + "\n"
        case 5: return header + "x: {" + (0..<size).map { "k\($0 % (size / 2)): \($0)" }.joined(separator: ", ") + "}\n"
        case 6:
            var text = header + "a0: &a0 [x, x, x, x, x, x, x, x]\n"
            for level in 1...9 {
                text +=
                    "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1)]\n"
            }
            return text + String(repeating: "#pad\n", count: size)
        default:
            return header + "customers:\n"
                + (0..<size / 10).map { "  - {domain: same.onmicrosoft.com, bad\($0): 1}\n" }.joined()
        }
    }
}

/// `1048576` as `1,048,576`, as the messages print counts.
private func grouped(_ number: Int) -> String {
    var digits = String(number)
    var index = digits.endIndex
    while digits.distance(from: digits.startIndex, to: index) > 3 {
        index = digits.index(index, offsetBy: -3)
        digits.insert(",", at: index)
    }
    return digits
}
