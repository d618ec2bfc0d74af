import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

@main
struct Entrypoint {
    static func main() async {
        tuneMalloc()
        StandardStreams.ignoreBrokenPipe()
        await ErrorReporting.main()
    }

    /// glibc's allocator, tuned for a short run that builds a few hundred MB of small objects on every core:
    /// the heap grows 64 MB at a time instead of page by page, freed memory is kept for reuse instead of being
    /// handed back and faulted in again, and allocations up to 32 MB come from the heap instead of their own
    /// mappings. For `cspctl validate` of 10,000 customers this cut system time by about a fifth. The long-running
    /// emulator keeps glibc's defaults.
    private static func tuneMalloc() {
        #if canImport(Glibc)
        guard CommandLine.arguments.dropFirst().first != EmulatorCommand.configuration.commandName else { return }
        // <malloc.h> is not part of Swift's Glibc module: look `mallopt` up, with its parameters' fixed values.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1
        let topPad: Int32 = -2
        let mmapThreshold: Int32 = -3
        _ = mallopt(topPad, 64 << 20)
        _ = mallopt(trimThreshold, 512 << 20)
        _ = mallopt(mmapThreshold, 32 << 20)
        #endif
    }
}
