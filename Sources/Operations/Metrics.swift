#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

/// What a worker counts: requests by route class and status class, their latency, busy and total
/// threads per pool, and database errors. Exposed in Prometheus' text format, summed over every
/// worker region in the directory.
public final class Metrics: Sendable {
    let region: MetricsRegion
    let directory: String

    /// `directory` holds one region file per worker instance.
    public init(directory: String, instance: Int) throws {
        mkdir(directory, 0o700)
        self.directory = directory
        self.region = try MetricsRegion(path: "\(directory)/worker-\(instance).metrics")
    }

    public func recordRequest(routeClass: String, status: Int, seconds: Double) {
        let route = MetricsLayout.routeIndex(routeClass)
        region.add(MetricsLayout.request(route: route, status: MetricsLayout.statusIndex(status)))
        region.add(MetricsLayout.bucket(route: route, bucket: MetricsLayout.bucketIndex(seconds)))
        region.add(MetricsLayout.durationSum(route: route), UInt64(max(seconds, 0) * 1_000_000))
    }

    public func threadStarted(pool: String) {
        if let index = MetricsLayout.pools.firstIndex(of: pool) { region.add(MetricsLayout.threads(pool: index)) }
    }

    /// Marks a thread of `pool` busy; counts a saturation event when it was the last idle one.
    public func requestStarted(pool: String) {
        guard let index = MetricsLayout.pools.firstIndex(of: pool) else { return }
        region.add(MetricsLayout.busy(pool: index))
        if region.load(MetricsLayout.busy(pool: index)) >= region.load(MetricsLayout.threads(pool: index)) {
            region.add(MetricsLayout.saturated(pool: index))
        }
    }

    public func requestFinished(pool: String) {
        if let index = MetricsLayout.pools.firstIndex(of: pool) { region.subtract(MetricsLayout.busy(pool: index)) }
    }

    public func databaseError() { region.add(MetricsLayout.databaseErrors) }

    /// Sum of every region in the directory.
    func totals() -> [UInt64] {
        var totals = [UInt64](repeating: 0, count: MetricsLayout.slotCount)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasSuffix(".metrics") {
            guard let values = MetricsRegion.snapshot(path: directory + "/" + name) else { continue }
            for index in 1..<values.count { totals[index] &+= values[index] }
        }
        return totals
    }

    /// The workers' metrics, then the dispatchers' (`EventMetrics`).
    public func exposition() -> String {
        MetricsExposition.render(totals()) + EventMetrics.exposition(directory: directory)
    }
}

/// Prometheus text format 0.0.4.
enum MetricsExposition {
    static func render(_ totals: [UInt64]) -> String {
        var out = ""
        out += "# HELP granary_http_requests_total Requests answered by the workers, by route class and status class.\n"
        out += "# TYPE granary_http_requests_total counter\n"
        for (route, routeName) in MetricsLayout.routeClasses.enumerated() {
            for (status, statusName) in MetricsLayout.statusClasses.enumerated() {
                let value = totals[MetricsLayout.request(route: route, status: status)]
                out += "granary_http_requests_total{route=\"\(routeName)\",status=\"\(statusName)\"} \(value)\n"
            }
        }
        out += "# HELP granary_http_request_duration_seconds Time from request accepted to response written.\n"
        out += "# TYPE granary_http_request_duration_seconds histogram\n"
        for (route, routeName) in MetricsLayout.routeClasses.enumerated() {
            var cumulative: UInt64 = 0
            for (index, bound) in MetricsLayout.buckets.enumerated() {
                cumulative &+= totals[MetricsLayout.bucket(route: route, bucket: index)]
                out += "granary_http_request_duration_seconds_bucket{route=\"\(routeName)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            cumulative &+= totals[MetricsLayout.bucket(route: route, bucket: MetricsLayout.buckets.count)]
            out += "granary_http_request_duration_seconds_bucket{route=\"\(routeName)\",le=\"+Inf\"} \(cumulative)\n"
            let sum = Double(totals[MetricsLayout.durationSum(route: route)]) / 1_000_000
            out += "granary_http_request_duration_seconds_sum{route=\"\(routeName)\"} \(sum)\n"
            out += "granary_http_request_duration_seconds_count{route=\"\(routeName)\"} \(cumulative)\n"
        }
        out += "# HELP granary_pool_threads Worker threads per pool, over all worker processes.\n"
        out += "# TYPE granary_pool_threads gauge\n"
        for (index, pool) in MetricsLayout.pools.enumerated() {
            out += "granary_pool_threads{pool=\"\(pool)\"} \(Int64(bitPattern: totals[MetricsLayout.threads(pool: index)]))\n"
        }
        out += "# HELP granary_pool_busy_threads Threads serving a request now.\n"
        out += "# TYPE granary_pool_busy_threads gauge\n"
        for (index, pool) in MetricsLayout.pools.enumerated() {
            out += "granary_pool_busy_threads{pool=\"\(pool)\"} \(Int64(bitPattern: totals[MetricsLayout.busy(pool: index)]))\n"
        }
        out += "# HELP granary_pool_saturated_total Requests that took a pool's last idle thread.\n"
        out += "# TYPE granary_pool_saturated_total counter\n"
        for (index, pool) in MetricsLayout.pools.enumerated() {
            out += "granary_pool_saturated_total{pool=\"\(pool)\"} \(totals[MetricsLayout.saturated(pool: index)])\n"
        }
        out += "# HELP granary_database_errors_total Database calls that failed.\n"
        out += "# TYPE granary_database_errors_total counter\n"
        out += "granary_database_errors_total \(totals[MetricsLayout.databaseErrors])\n"
        return out
    }
}
