import Foundation

// How a planned request is saved in the JSON plan: `{"operation", "target", "etag", "parameters"}`, the
// parameters being the payload's fields under the names below (the format plans had when the parameters were a
// string-keyed dictionary, so plans saved by earlier versions load unchanged). This file is the one place that
// names them.

extension PlannedRequest {
    /// The parameter names of the JSON plan (the billing attributes are ``BillingAttribute``'s raw values).
    package enum Parameter: String, Sendable, CaseIterable {
        case domainPrefix, enableGDAPByDefault, organizationRegistrationNumber
        case amount
        case agreementType
        case contactFirstName = "primaryContact.firstName"
        case contactLastName = "primaryContact.lastName"
        case contactEmail = "primaryContact.email"
        case contactPhoneNumber = "primaryContact.phoneNumber"
        case relationshipToPartner
        case catalogItemId, productId, skuId, availabilityId, quantity, termDuration, billingCycle, friendlyName
        case autoRenewEnabled
        case associatedPartnerId, partnerIdOnRecord, additionalPartnerIdsOnRecord
        case displayName, duration, autoExtendDuration, roles, customerTenantId
        case group, relationshipId
    }

    /// A saved request whose parameters do not make its operation's payload.
    package struct ParameterError: Error, CustomStringConvertible {
        package var description: String
    }
}

extension PlannedRequest: Codable {
    private enum CodingKeys: String, CodingKey {
        case operation, target, etag, parameters
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let operation = try container.decode(Operation.self, forKey: .operation)
        let parameters = try container.decodeIfPresent([String: JSONValue].self, forKey: .parameters) ?? [:]
        do {
            kind = try Kind(operation, parameters: ParameterReader(operation: operation, values: parameters))
        } catch let error as ParameterError {
            throw DecodingError.dataCorruptedError(
                forKey: .parameters,
                in: container,
                debugDescription: error.description
            )
        }
        target = try container.decodeIfPresent(String.self, forKey: .target)
        etag = try container.decodeIfPresent(String.self, forKey: .etag)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(operation, forKey: .operation)
        try container.encodeIfPresent(target, forKey: .target)
        try container.encodeIfPresent(etag, forKey: .etag)
        try container.encode(parameters, forKey: .parameters)
    }
}

// MARK: - Payload → parameters

extension PlannedRequest.Kind {
    /// The payload's fields, as the JSON plan saves them.
    package var parameters: [String: JSONValue] {
        var out = ParameterWriter()
        switch self {
        case .createCustomer(let customer): customer.write(to: &out)
        case .updateBillingProfile(let values): out.set(values)
        case .updateSpendingBudget(let amount): out.set(.amount, .number(amount))
        case .acceptCustomerAgreement(let acceptance): acceptance.write(to: &out)
        case .removeResellerRelationship: out.set(.relationshipToPartner, .string("none"))
        case .purchaseSubscription(let purchase): purchase.write(to: &out)
        case .updateSubscription(let update):
            out.set(.friendlyName, update.friendlyName.map(JSONValue.string))
            out.set(.quantity, update.quantity.map(JSONValue.int))
            out.set(.autoRenewEnabled, update.autoRenewEnabled.map(JSONValue.bool))
        case .createRelationship(let relationship): relationship.write(to: &out)
        case .updateRelationship(let update):
            out.set(.duration, update.duration.map(JSONValue.string))
            out.set(.autoExtendDuration, update.autoExtendDuration.map(JSONValue.string))
            out.set(.roles, update.roles.map(JSONValue.strings))
        case .createAccessAssignment(let assignment):
            out.set(.group, .string(assignment.group))
            out.set(.roles, .strings(assignment.roles))
        case .updateAccessAssignment(let update):
            out.set(.relationshipId, .string(update.relationshipId))
            out.set(.roles, .strings(update.roles))
        case .deleteAccessAssignment(let relationshipId): out.set(.relationshipId, .string(relationshipId))
        case .deleteCustomer, .suspendSubscription, .reactivateSubscription, .cancelSubscription,
            .lockRelationshipForApproval, .terminateRelationship, .deleteRelationship:
            break
        }
        return out.values
    }
}

struct ParameterWriter {
    var values: [String: JSONValue] = [:]

    mutating func set(_ key: PlannedRequest.Parameter, _ value: JSONValue?) {
        if let value { values[key.rawValue] = value }
    }

    mutating func set(_ profile: [BillingAttribute: String]) {
        for (attribute, value) in profile { values[attribute.rawValue] = .string(value) }
    }
}

extension NewCustomer {
    func write(to out: inout ParameterWriter) {
        out.set(.domainPrefix, .string(domainPrefix))
        out.set(profile)
        out.set(.enableGDAPByDefault, enableGDAPByDefault.map(JSONValue.bool))
        out.set(.organizationRegistrationNumber, organizationRegistrationNumber.map(JSONValue.string))
        out.set(.associatedPartnerId, associatedPartnerId.map(JSONValue.string))
    }
}

extension AgreementAcceptance {
    func write(to out: inout ParameterWriter) {
        out.set(.agreementType, .string(agreementType))
        out.set(.contactFirstName, .string(firstName))
        out.set(.contactLastName, .string(lastName))
        out.set(.contactEmail, .string(email))
        out.set(.contactPhoneNumber, phoneNumber.map(JSONValue.string))
    }
}

extension SubscriptionPurchase {
    func write(to out: inout ParameterWriter) {
        out.set(.catalogItemId, .string(catalogItemId))
        out.set(.productId, .string(productId))
        out.set(.skuId, .string(skuId))
        out.set(.availabilityId, .string(availabilityId))
        out.set(.quantity, .int(quantity))
        out.set(.termDuration, .string(termDuration))
        out.set(.billingCycle, .string(billingCycle))
        out.set(.friendlyName, .string(friendlyName))
        out.set(.autoRenewEnabled, autoRenewEnabled.map(JSONValue.bool))
        out.set(.partnerIdOnRecord, partnerIdOnRecord.map(JSONValue.string))
        out.set(.additionalPartnerIdsOnRecord, additionalPartnerIdsOnRecord.map(JSONValue.strings))
    }
}

extension NewRelationship {
    func write(to out: inout ParameterWriter) {
        out.set(.displayName, .string(displayName))
        out.set(.duration, .string(duration))
        out.set(.autoExtendDuration, .string(autoExtendDuration))
        out.set(.roles, .strings(roles))
        out.set(.customerTenantId, customerTenantId.map(JSONValue.string))
    }
}

// MARK: - Parameters → payload

extension PlannedRequest.Kind {
    /// The payload of a saved request. Parameters this version does not know are ignored (a later minor format
    /// may add some); a missing required one, or a value of the wrong type, is a ``PlannedRequest/ParameterError``.
    init(_ operation: PlannedRequest.Operation, parameters p: ParameterReader) throws {
        switch operation {
        case .createCustomer: self = .createCustomer(try NewCustomer(p))
        case .updateBillingProfile: self = .updateBillingProfile(try p.profile())
        case .updateSpendingBudget: self = .updateSpendingBudget(amount: try p.require(p.decimal(.amount), .amount))
        case .acceptCustomerAgreement: self = .acceptCustomerAgreement(try AgreementAcceptance(p))
        case .removeResellerRelationship: self = .removeResellerRelationship
        case .deleteCustomer: self = .deleteCustomer
        case .purchaseSubscription: self = .purchaseSubscription(try SubscriptionPurchase(p))
        case .updateSubscription:
            self = .updateSubscription(
                SubscriptionUpdate(
                    friendlyName: try p.string(.friendlyName),
                    quantity: try p.int(.quantity),
                    autoRenewEnabled: try p.bool(.autoRenewEnabled)
                )
            )
        case .suspendSubscription: self = .suspendSubscription
        case .reactivateSubscription: self = .reactivateSubscription
        case .cancelSubscription: self = .cancelSubscription
        case .createRelationship: self = .createRelationship(try NewRelationship(p))
        case .updateRelationship:
            self = .updateRelationship(
                RelationshipUpdate(
                    duration: try p.string(.duration),
                    autoExtendDuration: try p.string(.autoExtendDuration),
                    roles: try p.strings(.roles)
                )
            )
        case .lockRelationshipForApproval: self = .lockRelationshipForApproval
        case .terminateRelationship: self = .terminateRelationship
        case .deleteRelationship: self = .deleteRelationship
        case .createAccessAssignment:
            self = .createAccessAssignment(
                NewAccessAssignment(group: try p.requireString(.group), roles: try p.require(p.strings(.roles), .roles))
            )
        case .updateAccessAssignment:
            self = .updateAccessAssignment(
                AccessAssignmentUpdate(
                    relationshipId: try p.requireString(.relationshipId),
                    roles: try p.require(p.strings(.roles), .roles)
                )
            )
        case .deleteAccessAssignment:
            self = .deleteAccessAssignment(relationshipId: try p.requireString(.relationshipId))
        }
    }
}

/// Reads one saved request's parameters by name, strictly typed.
struct ParameterReader {
    let operation: PlannedRequest.Operation
    let values: [String: JSONValue]

    private func failure(_ key: String, _ problem: String) -> PlannedRequest.ParameterError {
        PlannedRequest.ParameterError(description: "the plan's \(operation.rawValue) request \(problem) \(key)")
    }

    func require<Value>(_ value: Value?, _ key: PlannedRequest.Parameter) throws -> Value {
        guard let value else { throw failure(key.rawValue, "has no") }
        return value
    }

    func requireString(_ key: PlannedRequest.Parameter) throws -> String { try require(string(key), key) }

    func string(_ key: PlannedRequest.Parameter) throws -> String? { try string(key.rawValue) }

    private func string(_ key: String) throws -> String? {
        switch values[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw failure(key, "has a non-string")
        }
    }

    func bool(_ key: PlannedRequest.Parameter) throws -> Bool? {
        switch values[key.rawValue] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw failure(key.rawValue, "has a non-boolean")
        }
    }

    /// A number with its exact decimal digits (money never passes through `Double`).
    func decimal(_ key: PlannedRequest.Parameter) throws -> Decimal? {
        switch values[key.rawValue] {
        case nil, .null?: return nil
        case .integer(let value)?: return Decimal(value)
        case .decimal(let value)?: return value
        default: throw failure(key.rawValue, "has a non-decimal")
        }
    }

    func int(_ key: PlannedRequest.Parameter) throws -> Int? {
        switch values[key.rawValue] {
        case nil, .null?: return nil
        case .integer(let value)?: return Int(value)
        default: throw failure(key.rawValue, "has a non-integer")
        }
    }

    func strings(_ key: PlannedRequest.Parameter) throws -> [String]? {
        switch values[key.rawValue] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map { item in
                guard case .string(let text) = item else { throw failure(key.rawValue, "has a non-string in") }
                return text
            }
        default: throw failure(key.rawValue, "has a non-list")
        }
    }

    /// The billing attributes among the parameters.
    func profile() throws -> [BillingAttribute: String] {
        var profile: [BillingAttribute: String] = [:]
        for attribute in BillingAttribute.allCases {
            if let value = try string(attribute.rawValue) { profile[attribute] = value }
        }
        return profile
    }
}

extension NewCustomer {
    init(_ p: ParameterReader) throws {
        self.init(
            domainPrefix: try p.requireString(.domainPrefix),
            profile: try p.profile(),
            enableGDAPByDefault: try p.bool(.enableGDAPByDefault),
            organizationRegistrationNumber: try p.string(.organizationRegistrationNumber),
            associatedPartnerId: try p.string(.associatedPartnerId)
        )
    }
}

extension AgreementAcceptance {
    init(_ p: ParameterReader) throws {
        self.init(
            agreementType: try p.string(.agreementType) ?? Self.microsoftCustomerAgreement,
            firstName: try p.requireString(.contactFirstName),
            lastName: try p.requireString(.contactLastName),
            email: try p.requireString(.contactEmail),
            phoneNumber: try p.string(.contactPhoneNumber)
        )
    }
}

extension SubscriptionPurchase {
    init(_ p: ParameterReader) throws {
        self.init(
            catalogItemId: try p.requireString(.catalogItemId),
            productId: try p.requireString(.productId),
            skuId: try p.requireString(.skuId),
            availabilityId: try p.requireString(.availabilityId),
            quantity: try p.require(p.int(.quantity), .quantity),
            termDuration: try p.requireString(.termDuration),
            billingCycle: try p.requireString(.billingCycle),
            friendlyName: try p.requireString(.friendlyName),
            autoRenewEnabled: try p.bool(.autoRenewEnabled),
            partnerIdOnRecord: try p.string(.partnerIdOnRecord),
            additionalPartnerIdsOnRecord: try p.strings(.additionalPartnerIdsOnRecord)
        )
    }
}

extension NewRelationship {
    init(_ p: ParameterReader) throws {
        self.init(
            displayName: try p.requireString(.displayName),
            duration: try p.requireString(.duration),
            autoExtendDuration: try p.requireString(.autoExtendDuration),
            roles: try p.require(p.strings(.roles), .roles),
            customerTenantId: try p.string(.customerTenantId)
        )
    }
}
