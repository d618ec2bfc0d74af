import Foundation
import PartnerCenterModel

/// Formats of a `gdap` block where it is written (defaults or customer): duration, autoExtend, the name
/// template's placeholders, role names or ids, assignment groups.
enum GDAPFieldsRule {
    static let durationRange = 1...730
    static let autoExtendValues = ["PT0S", "P0D", "P180D"]

    static func check(_ gdap: RawGDAP, path: String, into diagnostics: inout [Diagnostic]) {
        if let duration = gdap.duration {
            if let days = Formats.days(inDuration: duration.value) {
                if !durationRange.contains(days) {
                    diagnostics.append(
                        ManifestMessage.outOfRange(
                            "\(path).duration",
                            "\(duration.value) (\(days) days)",
                            range: "between P1D and P2Y (P730D)",
                            at: duration.location
                        )
                    )
                }
            } else {
                diagnostics.append(
                    ManifestMessage.invalidFormat(
                        "\(path).duration",
                        duration.value,
                        expected: "an ISO 8601 duration such as P730D, P90D or P1Y",
                        at: duration.location
                    )
                )
            }
        }
        if let autoExtend = gdap.autoExtend, !autoExtendValues.contains(autoExtend.value) {
            diagnostics.append(
                ManifestMessage.invalidValue(
                    "\(path).autoExtend",
                    autoExtend.value,
                    allowed: autoExtendValues,
                    at: autoExtend.location
                )
            )
        }
        if let name = gdap.name { checkTemplate(name, into: &diagnostics) }
        if let roles = gdap.roles {
            if roles.value.isEmpty {
                diagnostics.append(ManifestMessage.emptyList("\(path).roles", at: roles.location))
            }
            checkRoles(roles, into: &diagnostics)
        }
        for assignment in gdap.assignments?.value ?? [] {
            if let group = assignment.group, !Formats.isGUID(group.value) {
                diagnostics.append(
                    ManifestMessage.invalidFormat(
                        "group",
                        group.value,
                        expected: "a security group object id (a GUID)",
                        at: group.location
                    )
                )
            }
            if let roles = assignment.roles {
                if roles.value.isEmpty {
                    diagnostics.append(ManifestMessage.emptyList("assignment roles", at: roles.location))
                }
                checkRoles(roles, into: &diagnostics)
            }
        }
    }

    /// Each role resolves to a known built-in role, is not one Microsoft reserves, and is listed once.
    static func checkRoles(_ roles: LocatedList, into diagnostics: inout [Diagnostic]) {
        var seen: [String: SourceLocation] = [:]
        for role in roles.value {
            guard let known = EntraBuiltInRoles.role(nameOrID: role.value) else {
                let suggestion =
                    Formats.isGUID(role.value)
                    ? nil : EditDistance.closest(to: role.value, in: EntraBuiltInRoles.all.lazy.map(\.name))
                diagnostics.append(ManifestMessage.unknownRole(role.value, suggestion: suggestion, at: role.location))
                continue
            }
            if let first = seen[known.id] {
                diagnostics.append(ManifestMessage.duplicateRole(known.name, at: role.location, first: first))
            }
            seen[known.id] = seen[known.id] ?? role.location
            if known.notForGeneralUse {
                diagnostics.append(ManifestMessage.roleNotForGeneralUse(known.name, at: role.location))
            } else if known.gdapCategory == nil {
                diagnostics.append(ManifestMessage.roleOutsideGDAPList(known.name, at: role.location))
            }
        }
    }

    /// Placeholders are `{customer}` and `{domain}`; any other `{…}` is an error with a suggestion.
    static func checkTemplate(_ name: Located<String>, into diagnostics: inout [Diagnostic]) {
        for placeholder in DisplayNameTemplate.placeholders(in: name.value)
        where !DisplayNameTemplate.supported.contains(placeholder) {
            diagnostics.append(
                ManifestMessage.unknownPlaceholder(
                    placeholder,
                    suggestion: EditDistance.closest(to: placeholder, in: DisplayNameTemplate.supported),
                    at: name.location
                )
            )
        }
        if Formats.isBlank(name.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat("gdap.name", name.value, expected: "a non-empty name", at: name.location)
            )
        }
    }
}

/// The GDAP relationship name template: `{customer}` → the domain prefix, `{domain}` → the whole domain.
enum DisplayNameTemplate {
    static let supported = ["customer", "domain"]

    static func placeholders(in template: String) -> [String] {
        var result: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            result.append(String(after[after.startIndex..<close]))
            rest = after[after.index(after: close)...]
        }
        return result
    }

    static func expand(_ template: String, domain: String) -> String {
        guard template.utf8.contains(0x7B) else { return template }
        let lower = domain.lowercased()
        let prefix = lower.hasSuffix(Formats.domainSuffix) ? String(lower.dropLast(Formats.domainSuffix.count)) : lower
        // Run once per customer by the name rule and again by the state builder: ASCII (every valid template and
        // domain) is replaced byte by byte, which is what Foundation's comparison amounts to there.
        if template.utf8.allSatisfy({ $0 < 0x80 }), lower.utf8.allSatisfy({ $0 < 0x80 }) {
            return replacingASCII("{domain}", with: lower, in: replacingASCII("{customer}", with: prefix, in: template))
        }
        return template.replacingOccurrences(of: "{customer}", with: prefix)
            .replacingOccurrences(of: "{domain}", with: lower)
    }

    /// Every occurrence of `target` in `text`, left to right without overlapping, replaced by `replacement`.
    private static func replacingASCII(_ target: String, with replacement: String, in text: String) -> String {
        let bytes = Array(text.utf8)
        let pattern = Array(target.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + replacement.utf8.count)
        var index = 0
        var replaced = false
        while index < bytes.count {
            if bytes[index] == pattern[0], index + pattern.count <= bytes.count,
                bytes[index..<(index + pattern.count)].elementsEqual(pattern)
            {
                result.append(contentsOf: replacement.utf8)
                index += pattern.count
                replaced = true
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return replaced ? String(decoding: result, as: UTF8.self) : text
    }
}
