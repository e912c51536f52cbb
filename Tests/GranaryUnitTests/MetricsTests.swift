import FoundationEssentials
import GranaryCrypto
import Operations
import Testing

@Suite struct MetricsTests {
    @Test func regionsOfAllInstancesAreSummed() throws {
        let directory = temporaryPath("metrics")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try Metrics(directory: directory, instance: 0)
        let second = try Metrics(directory: directory, instance: 1)
        first.recordRequest(routeClass: "health", status: 200, seconds: 0.002)
        second.recordRequest(routeClass: "health", status: 200, seconds: 0.3)
        second.recordRequest(routeClass: "nonsense", status: 503, seconds: 20)
        first.threadStarted(pool: "meta")
        first.requestStarted(pool: "meta")
        let text = first.exposition()
        #expect(text.contains(#"granary_http_requests_total{route="health",status="2xx"} 2"#))
        #expect(text.contains(#"granary_http_requests_total{route="other",status="5xx"} 1"#))
        #expect(text.contains(#"granary_http_request_duration_seconds_bucket{route="health",le="0.0025"} 1"#))
        #expect(text.contains(#"granary_http_request_duration_seconds_bucket{route="health",le="0.5"} 2"#))
        #expect(text.contains(#"granary_http_request_duration_seconds_bucket{route="other",le="+Inf"} 1"#))
        #expect(text.contains(#"granary_pool_busy_threads{pool="meta"} 1"#))
        #expect(text.contains(#"granary_pool_saturated_total{pool="meta"} 1"#))
        first.requestFinished(pool: "meta")
        #expect(second.exposition().contains(#"granary_pool_busy_threads{pool="meta"} 0"#))
        // A restarted instance keeps counting in the same region.
        let again = try Metrics(directory: directory, instance: 0)
        again.recordRequest(routeClass: "health", status: 200, seconds: 0.001)
        #expect(again.exposition().contains(#"granary_http_requests_total{route="health",status="2xx"} 3"#))
    }
}
