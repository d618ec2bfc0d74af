import PartnerCenterReconcile

extension PlanOptions {
    /// `plan` and `drift` count the live customers no manifest names, and list them with `--report-unmanaged`;
    /// with `--customer` the run is about named customers only, so they are not counted (and the plan says so).
    var unmanagedCounting: UnmanagedCounting {
        guard customers.isEmpty else {
            return .skipped(reason: "--customer limits the run to named customers")
        }
        return .count(list: reportUnmanaged)
    }
}
