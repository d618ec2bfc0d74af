package import Foundation
package import PartnerCenterModel

/// A plan saved by `plan --out`: recognised by its first byte, read with the saved-plan format's decoder (the
/// format is `PartnerCenterRendering`'s, so the caller passes its decoder), refused when its major format version
/// is not this cspctl's.
package enum SavedPlanFile {
    /// Whether `path` is a file that starts (after white space) with `{`: a saved plan, not a manifest.
    package static func isSavedPlan(at path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        let head = (try? handle.read(upToCount: 256)) ?? Data()
        try? handle.close()
        return head.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) == UInt8(ascii: "{")
    }

    private struct Header: Decodable {
        var formatVersion: String?
    }

    /// Reads the plan at `path`; `toolVersion` is named when the format is not supported.
    package static func load(
        _ path: String,
        toolVersion: String,
        decode: (Data) throws -> Plan
    ) throws -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SavedPlanError(message: "cannot read \(path): \(error.localizedDescription)")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw SavedPlanError(message: "\(path) is not a saved plan: it is not a JSON object")
        }
        guard let version = header.formatVersion else {
            throw SavedPlanError(message: "\(path) is not a saved plan: it has no formatVersion")
        }
        let supported = Plan.currentFormatVersion.split(separator: ".").first.map(String.init) ?? "1"
        let major = version.split(separator: ".").first.map(String.init) ?? version
        guard major == supported else {
            throw SavedPlanError(
                message: "\(path) is a plan of format \(version); this cspctl (\(toolVersion)) reads format "
                    + "\(supported).x only",
                detail: "Make the plan again with this version of cspctl, or show it with the version that made it."
            )
        }
        do {
            return try decode(data)
        } catch {
            throw SavedPlanError(message: "\(path) is not a valid saved plan: \(error)")
        }
    }
}

/// A file that is not a saved plan this cspctl can read.
package struct SavedPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    package var message: String
    package var detail: String?

    package init(message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    package var description: String { message }
}
