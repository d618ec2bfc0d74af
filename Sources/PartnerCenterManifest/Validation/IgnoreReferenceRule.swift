import PartnerCenterModel

/// An `ignore` entry names a declared customer (and, for a subscription path, a declared subscription);
/// otherwise it can never match, which is worth a warning but not a failure.
enum IgnoreReferenceRule {
    static func check(_ entries: [RawIgnore], customers: [String: RawCustomer], into diagnostics: inout [Diagnostic]) {
        for entry in entries {
            guard let customer = entry.customer, Formats.isDomain(customer.value) else { continue }
            guard let declared = customers[customer.value.lowercased()] else {
                diagnostics.append(ManifestMessage.ignoreUnknownCustomer(customer.value, at: customer.location))
                continue
            }
            if let path = entry.path, let nickname = IgnorePath.subscriptionNickname(in: path.value),
                !declared.subscriptions.contains(where: { $0.nickname?.value == nickname })
            {
                diagnostics.append(
                    ManifestMessage.ignoreUnknownSubscription(nickname, customer: customer.value, at: path.location)
                )
            }
        }
    }
}
