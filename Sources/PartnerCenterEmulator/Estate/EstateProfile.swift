import Foundation

/// What one customer of the estate has, chosen before anything is built: where it is, whether it accepted the
/// Microsoft Customer Agreement, its subscriptions and GDAP relationships. Every choice comes from the customer's
/// own ``EstateRandom``; the first customers of every estate are given the rarer features outright (see
/// ``showcase(_:)``), so even a small estate holds every case.
struct EstateProfile {
    enum Suspension { case none, newCommerce, legacy }

    var index: Int
    /// When the customer was created, and the day the estate is generated for (00:00 UTC of the emulator clock).
    var created: Date
    var anchor: Date
    var country: EstateCountry
    var place: (city: String, state: String?, street: String, postalCode: String)
    var premises: Int
    var company: String
    /// The domain's first label (unique in the estate: it ends with the customer's number).
    var label: String
    var contact: (given: String, family: String)
    /// Created after Partner Center began giving new customers the default GDAP relationship.
    var gdapByDefault: Bool
    var acceptsAgreement: Bool
    var budget: Double?
    var purchases: [EstatePurchase]
    var legacy: [EstateLegacyOffer]
    var suspension: Suspension
    var autoRenewOff: Bool
    var trial: Bool
    var addOn: Bool
    var relationships: [EstateRelationshipPlan]

    var domain: String { "\(label).onmicrosoft.com" }
    /// Seconds between the customer's creation and the estate's day.
    var age: TimeInterval { anchor.timeIntervalSince(created) }

    static let day: TimeInterval = 86_400
    static let year: TimeInterval = 365 * day

    init(index: Int, created: Date, anchor: Date, random: inout EstateRandom) {
        self.index = index
        self.created = created
        self.anchor = anchor
        country = EstateCountry.all[random.weighted(EstateCountry.weights)].country
        place = random.pick(country.places)
        premises = 1 + random.below(400)
        let words = (random.pick(EstateNames.firstWords), random.pick(EstateNames.secondWords))
        company = "\(words.0) \(words.1) \(country.legalForm)"
        label = EstateNames.slug(words.0 + words.1) + String(index + 1)
        contact = (random.pick(EstateNames.givenNames), random.pick(EstateNames.familyNames))
        let age = anchor.timeIntervalSince(created)
        gdapByDefault = age < 3 * Self.year
        acceptsAgreement = random.chance(85)
        budget = random.chance(30) ? Double(5 + random.below(196)) * 100 : nil
        purchases =
            acceptsAgreement
            ? (0..<random.weighted([10, 45, 30, 15])).map { _ in EstatePurchase(random: &random) } : []
        legacy = age > 2.5 * Self.year && random.chance(45) ? [random.pick(EstateLegacyOffer.allCases)] : []
        suspension =
            !purchases.isEmpty && random.chance(6)
            ? .newCommerce : !legacy.isEmpty && random.chance(20) ? .legacy : .none
        autoRenewOff = random.chance(8)
        trial = acceptsAgreement && random.chance(2)
        addOn = !purchases.isEmpty && random.chance(4)
        relationships = (0..<random.weighted([15, 45, 30, 10])).map { _ in EstateRelationshipPlan(random: &random) }
        showcase(&random)
    }

    /// The first four customers of every estate hold the rarer cases, so a small estate has each of them too.
    private mutating func showcase(_ random: inout EstateRandom) {
        func plan(_ status: EstateRelationshipPlan.Status, _ template: Int) -> EstateRelationshipPlan {
            var plan = EstateRelationshipPlan(random: &random)
            plan.status = status
            plan.template = EstateGDAPTemplate.all[template]
            return plan
        }
        switch index {
        case 0:
            acceptsAgreement = true
            if purchases.isEmpty { purchases = [EstatePurchase(random: &random)] }
            legacy = [.exchangeWithArchiving]
            suspension = .newCommerce
            relationships = [plan(.active, 0), plan(.expired, 1)]
        case 1:
            acceptsAgreement = false
            purchases = []
            trial = false
            addOn = false
            legacy = [.azure]
            suspension = .none
            budget = 5000
            relationships = [plan(.approvalPending, 2)]
        case 2:
            acceptsAgreement = true
            if purchases.isEmpty { purchases = [EstatePurchase(random: &random)] }
            trial = true
            addOn = true
            relationships = [plan(.terminated, 3), plan(.created, 4)]
        case 3:
            legacy = [.intuneDevice]
            suspension = .legacy
            relationships = [plan(.active, 4)]
        default:
            break
        }
    }
}

/// A new-commerce purchase: the catalog item, term, billing cycle, seats, nickname and when in the customer's life.
struct EstatePurchase {
    /// Base products of the emulator's catalog (Catalog+seeded.swift) and their titles.
    static let offers = [
        ("CFQ7TTC0LH18:0001:CFQ7TTC0K971", "Microsoft 365 Business Basic"),
        ("CFQ7TTC0LH18:0001:CFQ7TTC0P0WS", "Microsoft 365 Business Basic"),
        ("CFQ7TTC0LDPB:0001:CFQ7TTC0LDPB", "Microsoft 365 Business Standard"),
        ("CFQ7TTC0LCHC:0002:CFQ7TTC0LCHC", "Microsoft 365 Business Premium"),
        ("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", "Azure Active Directory Premium P1"),
    ]
    static let addOnOffer = "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P"
    static let trialOffer = "CFQ7TTC0LCHC:0002:CFQ7TTC0LCHC"
    /// (term, billing cycle) as partners buy them: mostly one year billed monthly.
    static let terms: [(weight: Double, term: String, cycle: String)] = [
        (45, "P1Y", "monthly"), (20, "P1Y", "annual"), (25, "P1M", "monthly"), (5, "P3Y", "triennial"),
        (5, "P3Y", "annual"),
    ]

    var offerId: String
    var title: String
    var term: String
    var cycle: String
    var quantity: Int
    var nickname: String
    /// Where between the agreement and the estate's day it was bought (0...1).
    var moment: Double

    init(random: inout EstateRandom) {
        (offerId, title) = random.pick(Self.offers)
        let term = Self.terms[random.weighted(Self.terms.map(\.weight))]
        self.term = term.term
        cycle = term.cycle
        let spread = random.unit()
        quantity = 1 + Int(spread * spread * 60)
        let nicknames = [
            title, title, title, "Sales – \(title)", "HQ seats", "Contractors (temp)", "Finance team",
            "\(title) / Branch office",
        ]
        nickname = random.pick(nicknames)
        moment = 0.02 + 0.96 * random.unit()
    }
}

/// Offers sold before new commerce, with the ids and names the references show (subscriptions.md): their offer ids
/// have no ':'.
enum EstateLegacyOffer: CaseIterable {
    case azure, intuneDevice, exchangeWithArchiving
}
