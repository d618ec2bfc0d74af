#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A manifest file's bytes, read with `open`/`fstat`/`read` straight into the array the parser takes: no
/// Foundation `Data` and no copy of it (for 10,000 small files, a measurable part of `validate`).
enum ManifestFileReader {
    private enum Outcome { case end, full, failed }

    /// The whole file, or nil when it cannot be opened or read (no permission, a folder, an I/O error): the cases
    /// where `FileManager.contents(atPath:)` gives nil. Reads to the end of the file, whatever `fstat` said its
    /// size was (a file that grows meanwhile, a pipe).
    static func contents(atPath path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        // One byte more than the size: room for the `read` that finds the end.
        var capacity = max(0, Int(info.st_size)) + 1
        var bytes: [UInt8] = []
        while true {
            var outcome = Outcome.failed
            let before = bytes
            bytes = Array(unsafeUninitializedCapacity: capacity) { buffer, initialized in
                initialized = buffer.initialize(fromContentsOf: before)
                outcome = fill(buffer, count: &initialized, from: descriptor)
            }
            switch outcome {
            case .end: return bytes
            case .failed: return nil
            case .full: capacity *= 2
            }
        }
    }

    /// Reads into `buffer` after its first `count` bytes until the end of the file or the buffer is full.
    private static func fill(
        _ buffer: UnsafeMutableBufferPointer<UInt8>,
        count: inout Int,
        from descriptor: Int32
    )
        -> Outcome
    {
        guard let base = buffer.baseAddress else { return .failed }
        while count < buffer.count {
            let got = read(descriptor, base + count, buffer.count - count)
            if got > 0 {
                count += got
            } else if got == 0 {
                return .end
            } else if errno != EINTR {
                return .failed
            }
        }
        return .full
    }
}
