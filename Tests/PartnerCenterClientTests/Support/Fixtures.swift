import Foundation

enum Fixtures {
    static var root: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw CocoaError(.fileNoSuchFile)
            }
            return url
        }
    }

    /// Every documented response example: file name and contents.
    static func responses() throws -> [(name: String, data: Data)] {
        let folder = try root.appendingPathComponent("Responses")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        return try names.sorted().map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    static func response(_ name: String) throws -> Data {
        try Data(contentsOf: try root.appendingPathComponent("Responses").appendingPathComponent(name))
    }

    static var certificatePath: String {
        get throws { try root.appendingPathComponent("Credentials/test-client-certificate.pem").path }
    }
}
