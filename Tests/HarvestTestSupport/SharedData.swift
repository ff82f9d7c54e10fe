import Foundation

/// The team's shared folder beside the project (`../shared`): published worked examples (`tax/vectors`), real exchange
/// exports (`data/exports`) and price history (`data/prices`). Their licences forbid copying them into the repository,
/// so tests read them where they are and are skipped, with a message, where they are absent.
public enum SharedData {
    /// `<package>/../shared`.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared")

    /// A folder of the shared data, e.g. `tax/vectors`.
    public static func folder(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Whether a file or folder of the shared data is present.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: folder(path).path) }
}

/// A fresh directory under the system's temporary directory, removed by `remove()`.
public struct TemporaryDirectory {
    public let path: String

    public init(_ prefix: String = "harvest-test") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
