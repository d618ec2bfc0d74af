#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a manifest file could not be read: each has its own message (see `ManifestMessage.unreadable`).
enum ManifestReadFailure: Error, Equatable {
    /// It was listed (or named) but is gone when opened: deleted or moved during the run.
    case vanished
    case permissionDenied
    /// A folder, a FIFO, a device, a socket: never read, so nothing can block or stream forever.
    case notRegularFile(kind: String)
    /// Larger than the limit, by `fstat` before reading or (a file that grows) by the bytes read.
    case tooLarge(size: Int)
    case failed(errno: Int32)
}

/// A manifest file's bytes, read with `open`/`fstat`/`read` straight into the array the parser takes: no
/// Foundation `Data` and no copy of it (for 10,000 small files, a measurable part of `validate`).
///
/// Hostile files cannot hang or exhaust it: the file is opened with `O_NONBLOCK` (opening a FIFO never waits for
/// a writer) and only a regular file is read; its size is checked before reading, and at most `limit + 1` bytes
/// are ever read (the extra byte tells a file that grew past the limit since `fstat`).
enum ManifestFileReader {
    private enum Outcome { case end, full, failed }

    static func bytes(
        atPath path: String,
        limit: Int = ManifestParsing.maximumFileSize
    ) -> Result<[UInt8], ManifestReadFailure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            // A socket cannot be opened at all (ENXIO): say what it is rather than the system's words.
            var info = stat()
            if code != ENOENT, stat(path, &info) == 0, let kind = nonRegularKind(info.st_mode) {
                return .failure(.notRegularFile(kind: kind))
            }
            return .failure(failure(code))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(failure(errno)) }
        if let kind = nonRegularKind(info.st_mode) { return .failure(.notRegularFile(kind: kind)) }
        let size = max(0, Int(info.st_size))
        guard size <= limit else { return .failure(.tooLarge(size: size)) }
        // One byte more than the size: room for the `read` that finds the end.
        var capacity = size + 1
        var bytes: [UInt8] = []
        while true {
            var outcome = Outcome.failed
            let before = bytes
            bytes = Array(unsafeUninitializedCapacity: capacity) { buffer, initialized in
                initialized = buffer.initialize(fromContentsOf: before)
                outcome = fill(buffer, count: &initialized, from: descriptor)
            }
            switch outcome {
            case .end: return .success(bytes)
            case .failed: return .failure(.failed(errno: errno))
            case .full:
                // The file grew since `fstat`: read on, but never more than one byte past the limit.
                guard bytes.count <= limit else { return .failure(.tooLarge(size: bytes.count)) }
                capacity = min(capacity * 2, limit + 1)
            }
        }
    }

    /// The whole file, or nil when it cannot be read (see `bytes(atPath:limit:)` for why).
    static func contents(atPath path: String) -> [UInt8]? {
        try? bytes(atPath: path).get()
    }

    /// What a file that is not a regular file is, in words; nil for a regular file.
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): nil
        case mode_t(S_IFDIR): "a folder"
        case mode_t(S_IFIFO): "a FIFO (named pipe)"
        case mode_t(S_IFCHR): "a character device"
        case mode_t(S_IFBLK): "a block device"
        case mode_t(S_IFSOCK): "a socket"
        default: "not a regular file"
        }
    }

    private static func failure(_ code: Int32) -> ManifestReadFailure {
        switch code {
        case ENOENT: .vanished
        case EACCES, EPERM: .permissionDenied
        default: .failed(errno: code)
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
