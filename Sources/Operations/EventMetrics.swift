#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

/// What a dispatcher process counts (its own region file, `dispatcher-N.events`, next to the
/// workers' in the metrics directory): events routed, deliveries made, failed attempts (retried
/// or given up), the lag from an event's ingestion to its delivery as a histogram, and the queue
/// depths it last measured (gauges; with several dispatchers /metrics shows the latest reading).
public final class EventMetrics: Sendable {
    enum Slot: Int, CaseIterable {
        case magic, routedOutbox, routedBusEvents, delivered, retried, deadLettered
        case outbox, unrouted, pending, dead, oldestPendingMicros, measuredAt
    }

    static let magic: UInt64 = 0x4752_4E59_4556_5401  // "GRNYEVT" + version 1
    static let lagBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]
    static var lagBase: Int { Slot.allCases.count }
    /// One slot per bucket, +Inf, then the sum in microseconds.
    static var slotCount: Int { lagBase + lagBuckets.count + 2 }
    static let suffix = ".events"

    let region: MetricsRegion

    public init(directory: String, instance: Int) throws {
        mkdir(directory, 0o700)
        region = try MetricsRegion(path: "\(directory)/dispatcher-\(instance)\(Self.suffix)", slotCount: Self.slotCount, magic: Self.magic)
    }

    public func routed(outbox: Int, busEvents: Int) {
        region.add(Slot.routedOutbox.rawValue, UInt64(max(outbox, 0)))
        region.add(Slot.routedBusEvents.rawValue, UInt64(max(busEvents, 0)))
    }

    public func delivered(lag: Double) {
        region.add(Slot.delivered.rawValue)
        let bucket = Self.lagBuckets.firstIndex { lag <= $0 } ?? Self.lagBuckets.count
        region.add(Self.lagBase + bucket)
        region.add(Self.lagBase + Self.lagBuckets.count + 1, UInt64(max(lag, 0) * 1_000_000))
    }

    public func failed(willRetry: Bool) {
        region.add(willRetry ? Slot.retried.rawValue : Slot.deadLettered.rawValue)
    }

    public func depth(outbox: Int, unrouted: Int, pending: Int, dead: Int, oldestPendingAge: Double) {
        region.store(Slot.outbox.rawValue, UInt64(max(outbox, 0)))
        region.store(Slot.unrouted.rawValue, UInt64(max(unrouted, 0)))
        region.store(Slot.pending.rawValue, UInt64(max(pending, 0)))
        region.store(Slot.dead.rawValue, UInt64(max(dead, 0)))
        region.store(Slot.oldestPendingMicros.rawValue, UInt64(max(oldestPendingAge, 0) * 1_000_000))
        region.store(Slot.measuredAt.rawValue, UInt64(Date().timeIntervalSince1970))
    }

    /// The event metrics of every dispatcher region in `directory`, Prometheus text.
    static func exposition(directory: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(suffix) }
        let regions = names.compactMap { MetricsRegion.snapshot(path: directory + "/" + $0, slotCount: slotCount, magic: magic) }
        var totals = [UInt64](repeating: 0, count: slotCount)
        for values in regions { for index in 1..<slotCount { totals[index] &+= values[index] } }
        let latest = regions.max { $0[Slot.measuredAt.rawValue] < $1[Slot.measuredAt.rawValue] }
        func gauge(_ slot: Slot) -> UInt64 { latest?[slot.rawValue] ?? 0 }
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ lines: [String]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n" + lines.map { $0 + "\n" }.joined()
        }
        metric("granary_events_routed_total", "counter", "Events the dispatchers moved: outbox rows onto buses, bus events matched.", [
            "granary_events_routed_total{stage=\"outbox\"} \(totals[Slot.routedOutbox.rawValue])",
            "granary_events_routed_total{stage=\"bus\"} \(totals[Slot.routedBusEvents.rawValue])",
        ])
        metric("granary_event_deliveries_total", "counter", "Deliveries a target's destination answered with 2xx.", [
            "granary_event_deliveries_total \(totals[Slot.delivered.rawValue])",
        ])
        metric("granary_event_delivery_failures_total", "counter", "Failed delivery attempts, by what followed.", [
            "granary_event_delivery_failures_total{then=\"retry\"} \(totals[Slot.retried.rawValue])",
            "granary_event_delivery_failures_total{then=\"dead_letter\"} \(totals[Slot.deadLettered.rawValue])",
        ])
        var cumulative: UInt64 = 0
        var lines: [String] = []
        for (index, bound) in lagBuckets.enumerated() {
            cumulative &+= totals[lagBase + index]
            lines.append("granary_event_delivery_lag_seconds_bucket{le=\"\(bound)\"} \(cumulative)")
        }
        cumulative &+= totals[lagBase + lagBuckets.count]
        lines.append("granary_event_delivery_lag_seconds_bucket{le=\"+Inf\"} \(cumulative)")
        lines.append("granary_event_delivery_lag_seconds_sum \(Double(totals[lagBase + lagBuckets.count + 1]) / 1_000_000)")
        lines.append("granary_event_delivery_lag_seconds_count \(cumulative)")
        metric("granary_event_delivery_lag_seconds", "histogram", "From an event's ingestion on its bus to its delivery.", lines)
        metric("granary_event_queue_depth", "gauge", "What waits, as the dispatchers last measured it.", [
            "granary_event_queue_depth{queue=\"outbox\"} \(gauge(.outbox))",
            "granary_event_queue_depth{queue=\"unrouted\"} \(gauge(.unrouted))",
            "granary_event_queue_depth{queue=\"pending\"} \(gauge(.pending))",
            "granary_event_queue_depth{queue=\"dead_letter\"} \(gauge(.dead))",
        ])
        metric("granary_event_oldest_pending_seconds", "gauge", "Age of the oldest event with a delivery still pending.", [
            "granary_event_oldest_pending_seconds \(Double(gauge(.oldestPendingMicros)) / 1_000_000)",
        ])
        return out
    }
}
