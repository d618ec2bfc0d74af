import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

@testable import PartnerCenterManifest

/// The loader decodes files and checks customers on all cores; what it reports must not depend on that: the
/// same diagnostics in the same order, and the same desired state, as on one thread.
@Suite(.tags(.unit), .offThePool) struct ParallelLoadTests {
    static let defaults = """
        apiVersion: cspctl/v1
        defaults:
          billing: { culture: en-US, language: en }
          gdap:
            name: "{customer}-msp"
            roles: [Global Reader, Helpdesk Administrator]
          subscriptions: { termDuration: P1Y, billingCycle: monthly }

        """

    /// One file per customer, every seventh with a problem of a different kind, some across files (a duplicate
    /// domain, a duplicate relationship name), some inherited from `defaults`.
    static func tree(customers: Int, broken: Bool) -> [ManifestSource] {
        var sources = [ManifestSource(path: "defaults.yaml", text: defaults)]
        for index in 0..<customers {
            let problem = broken && index % 7 == 3 ? index / 7 % 6 : -1
            let domain = problem == 0 ? "customer\(index - 1)" : "customer\(index)"
            var text = """
                apiVersion: cspctl/v1
                customers:
                  - domain: \(domain).onmicrosoft.com
                    companyName: Customer \(index)
                    billing:
                      email: billing@customer\(index).example.com
                      address: { addressLine1: 1 Main Street, city: Redmond, country: \(problem == 1 ? "USA" : "US") }

                """
            if problem == 2 { text += "    compnyName: typo\n" }
            if problem == 3 { text += "    gdap: { name: \"shared-name\" }\n" }
            if problem == 4 { text += "    gdap: { roles: [Global Reder] }\n" }
            text += "    subscriptions:\n"
            for number in 0..<3 {
                let quantity = problem == 5 && number == 1 ? "lots" : "\(number + 1)"
                text +=
                    "      - { nickname: sub-\(problem == 5 ? 0 : number), offer: CFQ7TTC0LH18:0001, quantity: \(quantity) }\n"
            }
            if problem == 3 { text += "  - { domain: other\(index).onmicrosoft.com, gdap: { name: shared-name } }\n" }
            sources.append(ManifestSource(path: "customers/customer\(index).yaml", text: text))
        }
        return sources
    }

    static func text(_ result: ManifestLoadResult) -> [String] {
        result.diagnostics.map { diagnostic in
            let at = diagnostic.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-"
            return "\(at) \(diagnostic.severity) \(diagnostic.code) \(diagnostic.summary) | \(diagnostic.detail ?? "")"
        }
    }

    @Test func invalidTreeReportsTheSameOnAllCoresAsOnOne() {
        let sources = Self.tree(customers: 400, broken: true)
        let parallel = ManifestLoader(parallel: true).load(sources: sources)
        let sequential = ManifestLoader(parallel: false).load(sources: sources)
        #expect(parallel.diagnostics.count > 80)
        #expect(Set(parallel.diagnostics.map(\.code)).count >= 5, "the tree breaks several different rules")
        #expect(Self.text(parallel) == Self.text(sequential))
        #expect(parallel.diagnostics == sequential.diagnostics)
    }

    @Test func validTreeGivesTheSameStateOnAllCoresAsOnOne() throws {
        let sources = Self.tree(customers: 300, broken: false)
        let parallel = ManifestLoader(parallel: true).load(sources: sources)
        let sequential = ManifestLoader(parallel: false).load(sources: sources)
        #expect(!parallel.hasErrors, "\(Self.text(parallel).prefix(3))")
        let state = try #require(parallel.state)
        #expect(state.customers.count == 300)
        #expect(state.customers.map(\.domain) == state.customers.map(\.domain).sorted())
        #expect(state == sequential.state)
    }
}
