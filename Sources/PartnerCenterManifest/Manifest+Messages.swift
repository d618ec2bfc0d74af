import PartnerCenterModel

/// Every diagnostic the manifest loader emits, by name. Codes are stable (JSON output, documentation).
enum ManifestMessage {
    /// A value as messages quote it: control characters escaped, at most 60 characters.
    static func shown(_ value: String) -> String {
        var text = ""
        for scalar in value.unicodeScalars.prefix(61) {
            text += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return value.unicodeScalars.count > 60 ? String(text.unicodeScalars.prefix(60)) + "…" : text
    }

    // MARK: Files

    static func pathNotFound(_ path: String) -> Diagnostic {
        .error("path_not_found", "no such file or folder: \(path)", at: nil)
    }

    static func noManifests(_ path: String) -> Diagnostic {
        .error(
            "no_manifests",
            "no manifest files (*.yaml, *.yml) in \(path)",
            detail: "hidden files and folders are skipped",
            at: nil
        )
    }

    static func unreadable(_ path: String, _ reason: String) -> Diagnostic {
        .error("unreadable_file", "cannot read \(path): \(reason)", at: SourceLocation(file: path, line: 1, column: 1))
    }

    static func invalidUTF8(at location: SourceLocation) -> Diagnostic {
        .error("invalid_utf8", "the file is not valid UTF-8", detail: "save the manifest as UTF-8", at: location)
    }

    static func tooLarge(at location: SourceLocation, limit: Int) -> Diagnostic {
        .error(
            "file_too_large",
            "the file is larger than \(limit / 1_048_576) MiB; split it into several files",
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
            "duplicate key \(keys.map { "'\($0)'" }.joined(separator: ", ")) in one mapping",
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
            "apiVersion '\(text)' is newer than this cspctl understands; this cspctl supports up to \(ManifestVersion.current)",
            detail: "upgrade cspctl to read this manifest",
            at: location
        )
    }

    static func apiVersionMalformed(_ text: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "invalid_api_version",
            "apiVersion '\(text)' is not a cspctl manifest version; use `apiVersion: \(ManifestVersion.current)`",
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
        .error("missing_key", "\(path) is missing required key '\(key)'", detail: detail, at: location)
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
            "'\(path)' is '\(shown(value))'; allowed: \(allowed.joined(separator: ", "))"
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
        .error("invalid_format", "'\(path)' value '\(shown(value))' is not \(expected)", at: location)
    }

    static func outOfRange(_ path: String, _ value: String, range: String, at location: SourceLocation) -> Diagnostic {
        .error("out_of_range", "'\(path)' is \(value); it must be \(range)", at: location)
    }

    static func emptyList(_ path: String, at location: SourceLocation) -> Diagnostic {
        .error("empty_list", "'\(path)' must list at least one entry", at: location)
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
            "'\(role)' is marked by Microsoft as not intended for general use; GDAP relationships must not request it",
            at: location
        )
    }

    static func roleOutsideGDAPList(_ role: String, at location: SourceLocation) -> Diagnostic {
        .warning(
            "role_not_in_gdap_list",
            "'\(role)' is not in Microsoft's GDAP role template list; Partner Center may reject it",
            at: location
        )
    }

    static func duplicateRole(_ role: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error(
            "duplicate_role",
            "role '\(role)' is listed twice",
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
            "GDAP for \(customer) includes Global Administrator, so autoExtend must be PT0S (or P0D)",
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
            "assignment role '\(role)' is not one of the GDAP relationship's roles for \(customer)",
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
            "security group \(group) has two access assignments; give it one assignment with all its roles",
            at: location,
            notes: [.init(message: "its first assignment is here", location: first)]
        )
    }

    static func displayNameTooLong(_ name: String, customer: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "display_name_too_long",
            "GDAP name '\(name)' for \(customer) is \(name.count) characters; the limit is 50",
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
            "unknown placeholder '{\(placeholder)}' in the GDAP name"
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
            "GDAP name '\(name)' is used for both \(customers.0) and \(customers.1); names are unique across the partner",
            detail: "put {customer} in the name template",
            at: location,
            notes: [.init(message: "the name for \(customers.0) comes from here", location: other)]
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
            "billingCycle '\(cycle)' is not offered with termDuration \(term); allowed: \(allowed.joined(separator: ", "))",
            at: location
        )
    }

    static func missingSubscriptionKey(_ key: String, nickname: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "missing_key",
            "subscription '\(nickname)' is missing required key '\(key)'",
            detail: key == "offer" || key == "quantity"
                ? nil : "set it on the subscription or in defaults.subscriptions",
            at: location
        )
    }

    static func renameToSelf(_ nickname: String, at location: SourceLocation) -> Diagnostic {
        .error("invalid_rename", "renamedFrom is the subscription's own nickname '\(nickname)'", at: location)
    }

    static func renameConflict(_ old: String, at location: SourceLocation, other: SourceLocation) -> Diagnostic {
        .error(
            "invalid_rename",
            "renamedFrom '\(old)' names a subscription that is still declared, or is claimed twice",
            at: location,
            notes: [.init(message: "'\(old)' is also claimed here", location: other)]
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
            "customer \(customer) is in \(country), where Partner Center requires 'organizationRegistrationNumber'",
            at: location
        )
    }

    // MARK: Duplicates

    static func duplicateCustomer(_ domain: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error(
            "duplicate_customer",
            "customer \(domain) is declared twice",
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
            "subscription '\(nickname)' is declared twice for \(customer)",
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
            "ignore entry refers to customer \(domain), which no manifest declares",
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
            "ignore entry refers to subscription '\(nickname)', which \(customer) does not declare",
            at: location
        )
    }
}
