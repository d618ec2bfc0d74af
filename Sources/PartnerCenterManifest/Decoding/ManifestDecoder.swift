import Foundation
import PartnerCenterModel

/// One file's root node → `RawFile`: shapes and types only. Formats, enums and cross-references are checked by
/// the rules in `Validation/`. Paths such as `customers[3].subscriptions[1]` are autoclosures, made only for a
/// diagnostic.
enum ManifestDecoder {
    /// `nodeCount`: the nodes in `root`'s tree, aliases expanded, as the composer counted them (which bounds it).
    static func decode(root: YAMLNode, path: String, nodeCount: Int) -> (RawFile, [Diagnostic]) {
        let reader = NodeReader(file: path, budget: NodeReader.nodeBudget(forNodeCount: nodeCount))
        var file = RawFile(path: path, apiVersion: nil, defaults: nil, customers: [], ignores: [])
        if case .scalar(let scalar) = root, ScalarKind.of(scalar) == .null {
            return (file, [ManifestMessage.emptyFile(at: reader.location(root))])
        }
        guard let top = reader.mapping(root, .file, path: "the manifest file") else {
            return (file, reader.diagnostics)
        }
        if let node = top["apiVersion"]?.value {
            file.apiVersion = reader.string(node, path: "apiVersion")
            if let version = file.apiVersion {
                switch ManifestVersion.check(version.value) {
                case .supported: break
                case .tooNew: reader.emit(ManifestMessage.apiVersionTooNew(version.value, at: version.location))
                case .malformed: reader.emit(ManifestMessage.apiVersionMalformed(version.value, at: version.location))
                }
            }
        } else {
            reader.emit(ManifestMessage.missingAPIVersion(at: reader.location(root)))
        }
        if let node = top["defaults"]?.value { file.defaults = defaults(node, reader) }
        if let node = top["customers"]?.value, let items = reader.sequence(node, path: "customers") {
            file.customers.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                if let customer = customer(item, path: "customers[\(index)]", reader) {
                    file.customers.append(customer)
                }
            }
        }
        if let node = top["ignore"]?.value, let items = reader.sequence(node, path: "ignore") {
            for (index, item) in items.enumerated() {
                if let entry = ignore(item, path: "ignore[\(index)]", reader) { file.ignores.append(entry) }
            }
        }
        if reader.exhausted {
            // A hostile file: report the expansion limit alone, not the noise decoded before it.
            let limit = reader.diagnostics.filter { $0.code == "alias_expansion_limit" }
            return (RawFile(path: path, apiVersion: file.apiVersion, defaults: nil, customers: [], ignores: []), limit)
        }
        return (file, reader.diagnostics)
    }

    // MARK: Objects

    private static func defaults(_ node: YAMLNode, _ reader: NodeReader) -> RawDefaults? {
        guard let map = reader.mapping(node, .defaults, path: "defaults") else { return nil }
        var result = RawDefaults(location: reader.location(node))
        if let value = map["billing"]?.value,
            let fields = reader.mapping(value, .defaultsBilling, path: "defaults.billing")
        {
            result.billing = RawBilling(
                email: nil,
                culture: fields["culture"].flatMap { reader.string($0.value, path: "defaults.billing.culture") },
                language: fields["language"].flatMap { reader.string($0.value, path: "defaults.billing.language") },
                address: nil,
                location: reader.location(value)
            )
        }
        result.spendingBudget = map["spendingBudget"].flatMap {
            reader.decimal($0.value, path: "defaults.spendingBudget")
        }
        result.enableGDAPByDefault = map["enableGDAPByDefault"].flatMap {
            reader.bool($0.value, path: "defaults.enableGDAPByDefault")
        }
        result.gdap = map["gdap"].flatMap { gdap($0.value, path: "defaults.gdap", reader) }
        result.reseller = map["reseller"].flatMap { reader.string($0.value, path: "defaults.reseller") }
        if let value = map["subscriptions"]?.value,
            let fields = reader.mapping(value, .defaultsSubscriptions, path: "defaults.subscriptions")
        {
            result.subscriptions = RawSubscriptionSettings(
                termDuration: fields["termDuration"].flatMap {
                    reader.string($0.value, path: "defaults.subscriptions.termDuration")
                },
                billingCycle: fields["billingCycle"].flatMap {
                    reader.string($0.value, path: "defaults.subscriptions.billingCycle")
                },
                autoRenew: fields["autoRenew"].flatMap {
                    reader.bool($0.value, path: "defaults.subscriptions.autoRenew")
                },
                location: reader.location(value)
            )
        }
        return result
    }

    private static func customer(
        _ node: YAMLNode,
        path: @autoclosure () -> String,
        _ reader: NodeReader
    ) -> RawCustomer? {
        guard let map = reader.mapping(node, .customer, path: path()) else { return nil }
        func text(_ key: String) -> Located<String>? { reader.string(map, key, in: path()) }
        var result = RawCustomer(written: map.keys, subscriptions: [], location: reader.location(node))
        result.domain = text("domain")
        result.state = text("state")
        result.companyName = text("companyName")
        result.organizationRegistrationNumber = text("organizationRegistrationNumber")
        if let value = map["billing"]?.value, let fields = reader.mapping(value, .billing, path: "\(path()).billing") {
            var billing = RawBilling(written: fields.keys, location: reader.location(value))
            billing.email = fields["email"].flatMap { reader.string($0.value, path: "\(path()).billing.email") }
            billing.culture = fields["culture"].flatMap { reader.string($0.value, path: "\(path()).billing.culture") }
            billing.language = fields["language"].flatMap {
                reader.string($0.value, path: "\(path()).billing.language")
            }
            billing.address = fields["address"].flatMap {
                stringFields($0.value, .address, path: "\(path()).billing.address", reader)
            }
            result.billing = billing
        }
        result.spendingBudget = map["spendingBudget"].flatMap {
            reader.decimal($0.value, path: "\(path()).spendingBudget")
        }
        result.enableGDAPByDefault = map["enableGDAPByDefault"].flatMap {
            reader.bool($0.value, path: "\(path()).enableGDAPByDefault")
        }
        result.agreement = map["agreement"].flatMap {
            stringFields($0.value, .agreement, path: "\(path()).agreement", reader)
        }
        result.gdap = map["gdap"].flatMap { gdap($0.value, path: "\(path()).gdap", reader) }
        result.reseller = text("reseller")
        if let value = map["subscriptions"]?.value, let items = reader.sequence(value, path: "\(path()).subscriptions")
        {
            for (index, item) in items.enumerated() {
                if let subscription = subscription(item, path: "\(path()).subscriptions[\(index)]", reader) {
                    result.subscriptions.append(subscription)
                }
            }
        }
        return result
    }

    private static func stringFields(
        _ node: YAMLNode,
        _ object: ManifestObject,
        path: @autoclosure () -> String,
        _ reader: NodeReader
    )
        -> RawFields?
    {
        guard let map = reader.mapping(node, object, path: path()) else { return nil }
        var fields: [String: Located<String>] = [:]
        for (key, node) in map.entries {
            if let value = reader.string(node, path: "\(path()).\(key)") { fields[key] = value }
        }
        return RawFields(written: map.keys, fields: fields, location: reader.location(node))
    }

    private static func gdap(_ node: YAMLNode, path: @autoclosure () -> String, _ reader: NodeReader) -> RawGDAP? {
        guard let map = reader.mapping(node, .gdap, path: path()) else { return nil }
        var result = RawGDAP(written: map.keys, location: reader.location(node))
        result.enabled = map["enabled"].flatMap { reader.bool($0.value, path: "\(path()).enabled") }
        result.name = map["name"].flatMap { reader.string($0.value, path: "\(path()).name") }
        result.duration = map["duration"].flatMap { reader.string($0.value, path: "\(path()).duration") }
        result.autoExtend = map["autoExtend"].flatMap { reader.string($0.value, path: "\(path()).autoExtend") }
        result.roles = map["roles"].flatMap { reader.stringList($0.value, path: "\(path()).roles") }
        if let value = map["assignments"]?.value, let items = reader.sequence(value, path: "\(path()).assignments") {
            var assignments: [RawAssignment] = []
            for (index, item) in items.enumerated() {
                func itemPath() -> String { "\(path()).assignments[\(index)]" }
                guard let fields = reader.mapping(item, .assignment, path: itemPath()) else { continue }
                assignments.append(
                    RawAssignment(
                        written: fields.keys,
                        group: fields["group"].flatMap { reader.string($0.value, path: "\(itemPath()).group") },
                        roles: fields["roles"].flatMap { reader.stringList($0.value, path: "\(itemPath()).roles") },
                        location: reader.location(item)
                    )
                )
            }
            result.assignments = Located(value: assignments, location: reader.location(value))
        }
        return result
    }

    private static func subscription(
        _ node: YAMLNode,
        path: @autoclosure () -> String,
        _ reader: NodeReader
    ) -> RawSubscription? {
        guard let map = reader.mapping(node, .subscription, path: path()) else { return nil }
        func text(_ key: String) -> Located<String>? { reader.string(map, key, in: path()) }
        var result = RawSubscription(written: map.keys, location: reader.location(node))
        result.nickname = text("nickname")
        result.renamedFrom = text("renamedFrom")
        result.offer = text("offer")
        result.quantity = map["quantity"].flatMap { reader.int($0.value, path: "\(path()).quantity") }
        result.termDuration = text("termDuration")
        result.billingCycle = text("billingCycle")
        result.autoRenew = map["autoRenew"].flatMap { reader.bool($0.value, path: "\(path()).autoRenew") }
        result.status = text("status")
        result.state = text("state")
        result.partnerOfRecord = text("partnerOfRecord")
        result.additionalPartnersOfRecord = map["additionalPartnersOfRecord"].flatMap {
            reader.stringList($0.value, path: "\(path()).additionalPartnersOfRecord")
        }
        return result
    }

    private static func ignore(_ node: YAMLNode, path: @autoclosure () -> String, _ reader: NodeReader) -> RawIgnore? {
        guard let map = reader.mapping(node, .ignore, path: path()) else { return nil }
        func text(_ key: String) -> Located<String>? { reader.string(map, key, in: path()) }
        var result = RawIgnore(written: map.keys, location: reader.location(node))
        result.customer = text("customer")
        result.path = text("path")
        result.reason = text("reason")
        result.until = map["until"].flatMap { reader.date($0.value, path: "\(path()).until") }
        return result
    }
}
