// Times `cspctl validate` over a generated gitops tree: one defaults file and one file per customer, five
// subscriptions each. Measures the library (ManifestLoader) in-process and the built cspctl binary.
//
//   CSPCTL_BENCHMARKS=1 swift run -c release cspctl-bench-validate   # CSPCTL_BENCH_CUSTOMERS=10000 by default in release
//   CSPCTL_BENCHMARKS=1 CSPCTL_BENCH_CUSTOMERS=200 swift run cspctl-bench-validate
//   CSPCTL_BENCH_BINARY=.build/debug/cspctl …           # time another cspctl binary
//   CSPCTL_BENCH_KEEP=1 …                                # leave the generated tree on disk (path printed)
//
// Prints wall time, CPU time (user + system) and peak memory (getrusage: this process for the library, where
// the CPU time is the load's alone; RUSAGE_CHILDREN for the binary).
import Foundation
import PartnerCenterManifest
import PartnerCenterModel

#if canImport(Glibc)
import Glibc
#endif

let environment = ProcessInfo.processInfo.environment
#if DEBUG
let defaultCustomers = 200
#else
let defaultCustomers = 10_000
#endif
let customers = environment["CSPCTL_BENCH_CUSTOMERS"].flatMap(Int.init) ?? defaultCustomers

let root = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-bench-\(getpid())")
let folder = root.appendingPathComponent("customers")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let keepTree = environment["CSPCTL_BENCH_KEEP"] == "1"
defer { if !keepTree { try? FileManager.default.removeItem(at: root) } }

let defaults = """
    apiVersion: cspctl/v1
    defaults:
      billing: { culture: en-US, language: en }
      gdap:
        name: "{customer}-msp"
        duration: P730D
        autoExtend: P180D
        roles: [Global Reader, Helpdesk Administrator, User Administrator]
        assignments:
          - group: 5e4f2f7c-1b0a-4e5e-9d53-2b1f6f1d0c11
            roles: [Helpdesk Administrator]
      subscriptions: { termDuration: P1Y, billingCycle: monthly, autoRenew: true }

    """
try defaults.write(to: root.appendingPathComponent("defaults.yaml"), atomically: true, encoding: .utf8)
let offers = ["CFQ7TTC0LH18:0001", "CFQ7TTC0LCHC:0002", "CFQ7TTC0LDPB:0001", "CFQ7TTC0LF8Q:0001", "CFQ7TTC0LFLS:0002"]
for index in 0..<customers {
    let domain = "customer\(index).onmicrosoft.com"
    var text = """
        apiVersion: cspctl/v1
        customers:
          - domain: \(domain)
            companyName: Customer \(index) Ltd
            billing:
              email: billing@customer\(index).example.com
              address:
                addressLine1: \(index) Main Street
                city: Redmond
                state: WA
                postalCode: "98052"
                country: US
            subscriptions:

        """
    for (number, offer) in offers.enumerated() {
        text += """
                  - nickname: sub-\(number)
                    offer: \(offer)
                    quantity: \(number + 1)

            """
    }
    try text.write(to: folder.appendingPathComponent("\(domain).yaml"), atomically: true, encoding: .utf8)
}
print("generated \(customers) customers (\(customers + 1) files, \(customers * 5) subscriptions) in \(root.path)")

func megabytes(_ usage: rusage) -> Double { Double(usage.ru_maxrss) / 1024 }  // ru_maxrss is in KiB on Linux
/// User plus system CPU seconds: on a shared machine, a steadier figure than wall time.
func cpuSeconds(_ usage: rusage) -> String {
    let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return String(format: "%.2f", seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

let clock = ContinuousClock()
var beforeUsage = rusage()
getrusage(RUSAGE_SELF.rawValue, &beforeUsage)
let start = clock.now
let result = ManifestLoader(buildsState: false).load(paths: [root.path])  // as `cspctl validate` loads
let libraryTime = clock.now - start
var selfUsage = rusage()
getrusage(RUSAGE_SELF.rawValue, &selfUsage)
var loadUsage = selfUsage
loadUsage.ru_utime.tv_sec -= beforeUsage.ru_utime.tv_sec
loadUsage.ru_utime.tv_usec -= beforeUsage.ru_utime.tv_usec
loadUsage.ru_stime.tv_sec -= beforeUsage.ru_stime.tv_sec
loadUsage.ru_stime.tv_usec -= beforeUsage.ru_stime.tv_usec
print(
    "library: \(libraryTime) wall, \(cpuSeconds(loadUsage)) s CPU, "
        + "peak \(String(format: "%.1f", megabytes(selfUsage))) MB, "
        + "\(result.diagnostics.count) diagnostics, valid: \(!result.hasErrors), customers: \(result.customerCount)"
)

// The binary next to this benchmark's own executable (same build configuration).
// CSPCTL_BENCH_BINARY overrides it (for example to time a debug build while the release one is not built).
let binary =
    environment["CSPCTL_BENCH_BINARY"].map { URL(fileURLWithPath: $0) }
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cspctl")
if FileManager.default.isExecutableFile(atPath: binary.path) {
    let process = Process()
    process.executableURL = binary
    process.arguments = ["validate", root.path]
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    let processStart = clock.now
    try process.run()
    process.waitUntilExit()
    let processTime = clock.now - processStart
    var childUsage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &childUsage)
    print(
        "cspctl validate: \(processTime) wall, \(cpuSeconds(childUsage)) s CPU, "
            + "peak \(String(format: "%.1f", megabytes(childUsage))) MB, "
            + "exit \(process.terminationStatus)"
    )
} else {
    print("cspctl binary not found at \(binary.path); build it first (swift build -c release --product cspctl)")
}
