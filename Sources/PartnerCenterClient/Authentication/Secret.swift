/// A value that must never be printed: client secrets, refresh tokens, access tokens.
///
/// `description`, `debugDescription` and `dump` show `<redacted>`; only ``revealed`` gives the value, and only
/// the code that puts it on the wire calls it.
package struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    package init(_ value: String) { self.value = value }

    package var revealed: String { value }
    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    package var customMirror: Mirror { Mirror(self, children: []) }
}
