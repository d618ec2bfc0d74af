import Foundation
import PartnerCenterModel

/// Every diagnostic the manifest loader emits, by name. Codes are stable (JSON output, documentation).
enum ManifestMessage {
    /// The most characters of one value a message quotes.
    static let quotedLimit = 80

    /// A value as messages quote it: control characters escaped, at most `quotedLimit` characters, and a longer
    /// value cut with an ellipsis and its full length, so a 4 MB value costs a message 100 bytes, not 4 MB.
    static func shown(_ value: String) -> String {
        var text = ""
        var taken = 0
        for scalar in value.unicodeScalars {
            if taken == quotedLimit {
                return text + "… (\(grouped(value.unicodeScalars.count)) characters)"
            }
            text += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
            taken += 1
        }
        return text
    }

    /// `4194304` as `4,194,304`.
    static func grouped(_ number: Int) -> String {
        var digits = String(number.magnitude)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return number < 0 ? "-" + digits : digits
    }

    /// The most keys one duplicate-key message names.
    static let listedKeyLimit = 10

    // MARK: Files

    /// Located at the path itself (line 1, column 1), the form editors and CI problem matchers read.
    static func pathNotFound(_ path: String) -> Diagnostic {
        .error("path_not_found", "no such file or folder: \(shown(path))", at: place(path))
    }

    /// A path named on the command line or found in a folder, as a location.
    static func place(_ path: String) -> SourceLocation { SourceLocation(file: path, line: 1, column: 1) }

    static func noManifests(_ path: String) -> Diagnostic {
        .error(
            "no_manifests",
            "no manifest files (*.yaml, *.yml) in \(shown(path))",
            detail: "hidden files and folders are skipped",
            at: place(path)
        )
    }

    static func unreadable(_ path: String, _ reason: String) -> Diagnostic {
        .error("unreadable_file", "cannot read \(shown(path)): \(reason)", at: place(path))
    }

    static func unreadable(_ path: String, _ failure: ManifestReadFailure) -> Diagnostic {
        switch failure {
        case .vanished:
            return unreadable(path, "it vanished (deleted or moved) while cspctl was reading the manifests")
        case .permissionDenied:
            return unreadable(path, "permission denied")
        case .notRegularFile(let kind):
            return unreadable(path, "it is \(kind), not a regular file")
        case .tooLarge(let size):
            return tooLarge(at: place(path), limit: ManifestParsing.maximumFileSize, size: size)
        case .failed(let code):
            return unreadable(path, String(cString: strerror(code)))
        }
    }

    /// An entry of a folder that the walk leaves out, with why (a FIFO, a broken link, a link loop).
    static func skippedEntry(_ path: String, _ reason: String) -> Diagnostic {
        .warning("skipped_file", "skipped \(shown(path)): \(reason)", at: place(path))
    }

    static func invalidUTF8(at location: SourceLocation) -> Diagnostic {
        .error("invalid_utf8", "the file is not valid UTF-8", detail: "save the manifest as UTF-8", at: location)
    }

    static func tooLarge(at location: SourceLocation, limit: Int, size: Int? = nil) -> Diagnostic {
        .error(
            "file_too_large",
            "the file is "
                + (size.map { "\(grouped($0)) bytes, " } ?? "")
                + "larger than \(limit / 1_048_576) MiB; split it into several files",
            at: location
        )
    }

    static func emptyFile(at location: SourceLocation) -> Diagnostic {
        .error(
            "empty_file",
            "the file has no content",
            detail: "a manifest starts with `apiVersion: \(ManifestVersion.current)`",
            at: location
        )
    }

    static func yamlSyntax(_ problem: String, at location: SourceLocation) -> Diagnostic {
        .error("yaml_syntax", "YAML syntax error: \(problem)", at: location)
    }

    static func duplicateYAMLKey(_ keys: [String], at location: SourceLocation) -> Diagnostic {
        .error(
            "duplicate_key",
            "duplicate key \(keys.prefix(listedKeyLimit).map { "'\(shown($0))'" }.joined(separator: ", "))"
                + (keys.count > listedKeyLimit ? " and \(grouped(keys.count - listedKeyLimit)) more" : "")
                + " in one mapping",
            at: location
        )
    }

    static func multipleDocuments(at location: SourceLocation) -> Diagnostic {
        .error(
            "multiple_documents",
            "a manifest file holds one YAML document; this is a second one",
            detail: "split the documents into separate files",
            at: location
        )
    }

    static func nestingTooDeep(limit: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            "nesting_too_deep",
            "the YAML is nested more than \(limit) levels deep here; cspctl refuses it",
            at: location
        )
    }

    static func aliasLimit(_ limit: YAMLComposeError.AliasLimit, at location: SourceLocation) -> Diagnostic {
        let summary =
            switch limit {
            case .uses:
                "the file uses YAML aliases (*name) more than \(grouped(YAMLComposer.maximumAliasUses)) times; "
                    + "cspctl refuses it"
            case .expandedNodes:
                "expanding YAML aliases (*name) stands for more than "
                    + "\(grouped(YAMLComposer.maximumExpandedNodes)) nodes; cspctl refuses it"
            }
        return .error(
            "alias_expansion_limit",
            summary,
            detail: "an anchor referenced repeatedly from nested aliases multiplies the document (an 'alias bomb'); "
                + "the limits are fixed, whatever the file's size",
            at: location
        )
    }

    static func aliasExpansion(limit: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            "alias_expansion_limit",
            "expanding YAML aliases (*name) produced more than \(limit) nodes; cspctl refuses it",
            detail: "an anchor referenced repeatedly from nested aliases multiplies the document (an 'alias bomb')",
            at: location
        )
    }

    // MARK: Version

    static func missingAPIVersion(at location: SourceLocation) -> Diagnostic {
        .error(
            "missing_api_version",
            "missing 'apiVersion'; every manifest file starts with `apiVersion: \(ManifestVersion.current)`",
            at: location
        )
    }

    static func apiVersionTooNew(_ text: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "unsupported_api_version",
            "apiVersion '\(shown(text))' is newer than this cspctl understands; this cspctl supports up to \(ManifestVersion.current)",
            detail: "upgrade cspctl to read this manifest",
            at: location
        )
    }

    static func apiVersionMalformed(_ text: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "invalid_api_version",
            "apiVersion '\(shown(text))' is not a cspctl manifest version; use `apiVersion: \(ManifestVersion.current)`",
            at: location
        )
    }

    // MARK: Shape

    static func unknownKey(
        _ key: String,
        in object: ManifestObject,
        suggestion: String?,
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "unknown_key",
            "unknown key '\(shown(key))' in \(object.displayName)"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
            detail: "allowed keys: \(object.keys.joined(separator: ", "))",
            at: location
        )
    }

    static func wrongType(
        _ path: String,
        expected: String,
        found: String,
        hint: String? = nil,
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .error("wrong_type", "'\(shown(path))' must be \(expected), found \(shown(found))", detail: hint, at: location)
    }

    static func nonStringKey(at location: SourceLocation) -> Diagnostic {
        .error("wrong_type", "mapping keys must be plain strings", at: location)
    }

    static func missingKey(
        _ key: String,
        in path: String,
        detail: String? = nil,
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .error("missing_key", "\(shown(path)) is missing required key '\(key)'", detail: detail, at: location)
    }

    static func invalidValue(
        _ path: String,
        _ value: String,
        allowed: [String],
        suggestion: String? = nil,
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "invalid_value",
            "'\(shown(path))' is '\(shown(value))'; allowed: \(allowed.joined(separator: ", "))"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
            at: location
        )
    }

    static func invalidFormat(
        _ path: String,
        _ value: String,
        expected: String,
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .error("invalid_format", "'\(shown(path))' value '\(shown(value))' is not \(expected)", at: location)
    }

    static func outOfRange(_ path: String, _ value: String, range: String, at location: SourceLocation) -> Diagnostic {
        .error("out_of_range", "'\(shown(path))' is \(shown(value)); it must be \(range)", at: location)
    }

    static func emptyList(_ path: String, at location: SourceLocation) -> Diagnostic {
        .error("empty_list", "'\(shown(path))' must list at least one entry", at: location)
    }

    // MARK: GDAP

    static func unknownRole(_ role: String, suggestion: String?, at location: SourceLocation) -> Diagnostic {
        .error(
            "unknown_role",
            "'\(shown(role))' is not a Microsoft Entra built-in role"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
            detail: "GDAP takes built-in role names (as the Entra documentation spells them) or their template GUIDs",
            at: location
        )
    }

    static func roleNotForGeneralUse(_ role: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "role_not_allowed",
            "'\(shown(role))' is marked by Microsoft as not intended for general use; GDAP relationships must not request it",
            at: location
        )
    }

    static func roleOutsideGDAPList(_ role: String, at location: SourceLocation) -> Diagnostic {
        .warning(
            "role_not_in_gdap_list",
            "'\(shown(role))' is not in Microsoft's GDAP role template list; Partner Center may reject it",
            at: location
        )
    }

    static func duplicateRole(_ role: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error(
            "duplicate_role",
            "role '\(shown(role))' is listed twice",
            at: location,
            notes: [.init(message: "first listed here", location: first)]
        )
    }

    static func globalAdministratorAutoExtend(
        customer: String,
        at location: SourceLocation,
        roles: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "global_admin_auto_extend",
            "GDAP for \(shown(customer)) includes Global Administrator, so autoExtend must be PT0S (or P0D)",
            detail: "Microsoft does not auto-extend relationships that contain Global Administrator",
            at: location,
            notes: [.init(message: "Global Administrator is requested here", location: roles)]
        )
    }

    static func assignmentRoleNotInRelationship(
        _ role: String,
        customer: String,
        at location: SourceLocation,
        relationshipRoles: SourceLocation?
    ) -> Diagnostic {
        .error(
            "assignment_role_not_granted",
            "assignment role '\(shown(role))' is not one of the GDAP relationship's roles for "
                + shown(customer),
            detail: "an access assignment can only use roles the relationship grants",
            at: location,
            notes: relationshipRoles.map { [.init(message: "the relationship's roles are listed here", location: $0)] }
                ?? []
        )
    }

    static func duplicateAssignmentGroup(
        _ group: String,
        at location: SourceLocation,
        first: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "duplicate_assignment_group",
            "security group \(shown(group)) has two access assignments; give it one assignment with all its roles",
            at: location,
            notes: [.init(message: "its first assignment is here", location: first)]
        )
    }

    static func displayNameTooLong(_ name: String, customer: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "display_name_too_long",
            "GDAP name '\(shown(name))' for \(shown(customer)) is \(name.count) characters; the limit is 50",
            at: location
        )
    }

    static func unknownPlaceholder(
        _ placeholder: String,
        suggestion: String?,
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "unknown_placeholder",
            "unknown placeholder '{\(shown(placeholder))}' in the GDAP name"
                + (suggestion.map { "; did you mean '{\($0)}'?" } ?? ""),
            detail: "supported placeholders: {customer} (the domain before .onmicrosoft.com), {domain}",
            at: location
        )
    }

    static func duplicateDisplayName(
        _ name: String,
        customers: (String, String),
        at location: SourceLocation,
        other: SourceLocation?
    )
        -> Diagnostic
    {
        .error(
            "duplicate_display_name",
            "GDAP name '\(shown(name))' is used for both \(shown(customers.0)) and \(shown(customers.1)); names are unique across the partner",
            detail: "put {customer} in the name template",
            at: location,
            notes: [.init(message: "the name for \(shown(customers.0)) comes from here", location: other)]
        )
    }

    // MARK: Subscriptions

    static func termBillingMismatch(
        term: String,
        cycle: String,
        allowed: [String],
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "invalid_term_billing",
            "billingCycle '\(shown(cycle))' is not offered with termDuration \(shown(term)); allowed: \(allowed.joined(separator: ", "))",
            at: location
        )
    }

    static func missingSubscriptionKey(_ key: String, nickname: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "missing_key",
            "subscription '\(shown(nickname))' is missing required key '\(key)'",
            detail: key == "offer" || key == "quantity"
                ? nil : "set it on the subscription or in defaults.subscriptions",
            at: location
        )
    }

    static func renameToSelf(_ nickname: String, at location: SourceLocation) -> Diagnostic {
        .error("invalid_rename", "renamedFrom is the subscription's own nickname '\(shown(nickname))'", at: location)
    }

    static func renameConflict(_ old: String, at location: SourceLocation, other: SourceLocation) -> Diagnostic {
        .error(
            "invalid_rename",
            "renamedFrom '\(shown(old))' names a subscription that is still declared, or is claimed twice",
            at: location,
            notes: [.init(message: "'\(shown(old))' is also claimed here", location: other)]
        )
    }

    // MARK: Customers

    static func organizationRegistrationNumberRequired(
        country: String,
        customer: String,
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "organization_registration_number_required",
            "customer \(shown(customer)) is in \(shown(country)), where Partner Center requires 'organizationRegistrationNumber'",
            at: location
        )
    }

    // MARK: Duplicates

    static func duplicateCustomer(_ domain: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error(
            "duplicate_customer",
            "customer \(shown(domain)) is declared twice",
            at: location,
            notes: [.init(message: "first declared here", location: first)]
        )
    }

    static func duplicateSubscription(
        _ nickname: String,
        customer: String,
        at location: SourceLocation,
        first: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "duplicate_subscription",
            "subscription '\(shown(nickname))' is declared twice for \(shown(customer))",
            at: location,
            notes: [.init(message: "first declared here", location: first)]
        )
    }

    static func duplicateDefaults(at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error(
            "duplicate_defaults",
            "'defaults' may appear in one file only",
            at: location,
            notes: [.init(message: "defaults are already given here", location: first)]
        )
    }

    // MARK: Ignore

    static func ignoreUnknownCustomer(_ domain: String, at location: SourceLocation) -> Diagnostic {
        .warning(
            "ignore_unknown_customer",
            "ignore entry refers to customer \(shown(domain)), which no manifest declares",
            at: location
        )
    }

    static func ignoreInvalidPath(_ path: String, problem: String, at location: SourceLocation) -> Diagnostic {
        .error("invalid_ignore_path", "ignore path '\(shown(path))' \(problem)", at: location)
    }

    static func ignoreUnknownSubscription(
        _ nickname: String,
        customer: String,
        at location: SourceLocation
    )
        -> Diagnostic
    {
        .warning(
            "ignore_unknown_subscription",
            "ignore entry refers to subscription '\(shown(nickname))', which \(shown(customer)) does not declare",
            at: location
        )
    }
}
