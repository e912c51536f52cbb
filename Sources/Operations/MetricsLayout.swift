import GranaryCore

/// The fixed shape of a worker's metrics region: which counters exist and where each lives.
/// Every slot is a UInt64 that is only ever atomically added to or subtracted from, so two
/// processes sharing a region (an old worker draining while its replacement starts) stay correct.
public enum MetricsLayout {
    /// Route classes, the `route` label: the operations classes, then one per package format of
    /// CodeArtifact's model (a format's routes are classed by its name, `PackageFormat.routeClass`),
    /// so a new format has its counters without a layout change. The order is the file format:
    /// change it only with a new `magic`.
    public static let routeClasses = ["health", "metrics", "diag", "api", "admin", "other", "malformed"]
        + PackageFormat.allCases.map(\.routeClass)
    public static let statusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"]
    public static let pools = ["meta", "upload"]
    /// Upper bounds of the latency histogram, in seconds (Prometheus' `le`).
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    static let magic: UInt64 = 0x4752_4E59_4D45_5402  // "GRNYMET" + version 2 (per-format route classes)
    static let headerSlots = 1
    static var requestSlots: Int { routeClasses.count * statusClasses.count }
    /// Per route: one count per bucket, one for +Inf, the sum in microseconds.
    static var histogramStride: Int { buckets.count + 2 }

    static func request(route: Int, status: Int) -> Int { headerSlots + route * statusClasses.count + status }
    static func bucket(route: Int, bucket: Int) -> Int { headerSlots + requestSlots + route * histogramStride + bucket }
    static func durationSum(route: Int) -> Int { bucket(route: route, bucket: buckets.count + 1) }
    static var poolBase: Int { headerSlots + requestSlots + routeClasses.count * histogramStride }
    static func busy(pool: Int) -> Int { poolBase + pool * 3 }
    static func threads(pool: Int) -> Int { poolBase + pool * 3 + 1 }
    static func saturated(pool: Int) -> Int { poolBase + pool * 3 + 2 }
    static var databaseErrors: Int { poolBase + pools.count * 3 }
    static var slotCount: Int { databaseErrors + 1 }

    public static func routeIndex(_ name: String) -> Int {
        routeClasses.firstIndex(of: name) ?? routeClasses.firstIndex(of: "other")!
    }

    static func statusIndex(_ code: Int) -> Int { min(max(code / 100, 1), 5) - 1 }

    static func bucketIndex(_ seconds: Double) -> Int { buckets.firstIndex { seconds <= $0 } ?? buckets.count }
}
