/// One attribute of a change: its value before (live) and after (manifest).
/// `before == nil` means the attribute is new (create); `after == nil` means it goes away (remove).
package struct AttributeDiff: Sendable, Hashable, Codable {
    /// The path below the customer, as manifests and `ignore` entries name it:
    /// `billing.email`, `subscriptions[m365-basic-hq].quantity`, `gdap.roles`, `gdap.assignments[<group>].roles`.
    package var path: String
    /// The attribute relative to the change's object, for display (`quantity`, `email`, `roles`).
    package var name: String
    package var before: JSONValue?
    package var after: JSONValue?

    package init(path: String, name: String, before: JSONValue?, after: JSONValue?) {
        self.path = path
        self.name = name
        self.before = before
        self.after = after
    }

    /// Keeps a JSON `null` (the attribute was null) apart from a missing key (the attribute is new or gone).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        name = try container.decode(String.self, forKey: .name)
        before = container.contains(.before) ? try container.decode(JSONValue.self, forKey: .before) : nil
        after = container.contains(.after) ? try container.decode(JSONValue.self, forKey: .after) : nil
    }

    private enum CodingKeys: String, CodingKey {
        case path, name, before, after
    }
}
