import Events
import GranaryCore

/// Compiled patterns and target inputs, by their text, for one dispatcher thread: a rule's
/// pattern is parsed once, not once per event. Texts were validated when they were stored; one
/// that no longer parses (a stricter Granary) matches nothing, and its failure is reported once.
final class PatternCache {
    private var patterns: [String: EventPattern?] = [:]
    private var inputs: [EventTarget.Input: TargetInput?] = [:]
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    func pattern(_ text: String) -> EventPattern? {
        if let cached = patterns[text] { return cached }
        if patterns.count >= capacity { patterns.removeAll(keepingCapacity: true) }
        let compiled = try? EventPattern(parsing: text)
        patterns[text] = compiled
        return compiled
    }

    func input(_ input: EventTarget.Input) -> TargetInput? {
        if let cached = inputs[input] { return cached }
        if inputs.count >= capacity { inputs.removeAll(keepingCapacity: true) }
        let compiled: TargetInput?
        switch input {
        case .wholeEvent: compiled = .wholeEvent
        case .constant(let text): compiled = try? TargetInput.constant(text)
        case .path(let path): compiled = try? TargetInput.path(path)
        case .transformer(let map, let template): compiled = try? TargetInput.transformer(pathsMap: map, template: template)
        }
        inputs[input] = compiled
        return compiled
    }
}
