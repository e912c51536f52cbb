import ControlPlane
import Events
import GranaryCore

/// A `Target` structure of PutTargets read and checked as the model and EventBridge check it:
/// Id and Arn, at most one of Input / InputPath / InputTransformer (validated by `TargetInput`,
/// so the dispatcher can build it again from what is stored), HttpParameters, RetryPolicy.
/// Parameters for other kinds of targets (ECS, Kinesis, SQS, …) are refused: Granary's targets
/// are API destinations.
enum TargetReader {
    static let otherTargetParameters = [
        "KinesisParameters", "RunCommandParameters", "EcsParameters", "BatchParameters", "SqsParameters", "RedshiftDataParameters",
        "SageMakerPipelineParameters", "AppSyncParameters",
    ]

    static func read(_ input: JSON11Input) throws -> (target: EventTarget, deadLetterArn: String?) {
        let p = input.path
        let id = try EventsValidation.name(input.string("Id"), p + "Id")
        let arn = try EventsValidation.length(try EventsValidation.required(input.string("Arn"), p + "Arn"), p + "Arn", 1...1600)
        let roleArn = try input.string("RoleArn").map { try EventsValidation.length($0, p + "RoleArn", 1...1600) }
        for member in otherTargetParameters where input.has(member) {
            throw EventsError.unsupported(p + member, "Granary's targets are API destinations (HttpParameters apply to them).")
        }
        let deadLetter = try input.structure("DeadLetterConfig").flatMap { try $0.string("Arn") }
        return (
            EventTarget(
                id: id, arn: arn, roleArn: roleArn, input: try targetInput(input, id: id), httpParameters: try httpParameters(input),
                retryPolicy: try retryPolicy(input)),
            deadLetter
        )
    }

    private static func targetInput(_ input: JSON11Input, id: String) throws -> EventTarget.Input {
        let p = input.path
        let constant = try input.string("Input").map { try EventsValidation.length($0, p + "Input", 0...8192) }
        let path = try input.string("InputPath").map { try EventsValidation.length($0, p + "InputPath", 0...256) }
        let transformer = try input.structure("InputTransformer")
        guard [constant != nil, path != nil, transformer != nil].filter({ $0 }).count <= 1 else {
            throw ServiceError.validation("Only one of Input, InputPath, or InputTransformer must be provided for target \(id).")
        }
        do {
            if let constant {
                _ = try TargetInput.constant(constant)
                return .constant(constant)
            }
            if let path {
                _ = try TargetInput.path(path)
                return .path(path)
            }
            guard let transformer else { return .wholeEvent }
            let template = try EventsValidation.required(transformer.string("InputTemplate"), transformer.path + "InputTemplate")
            try EventsValidation.length(template, transformer.path + "InputTemplate", 1...8192)
            let pairs = try transformer.stringMap("InputPathsMap") ?? []
            let map = Dictionary(pairs, uniquingKeysWith: { $1 })
            _ = try TargetInput.transformer(pathsMap: map, template: template)
            return .transformer(pathsMap: map, template: template)
        } catch let error as TargetInputError {
            throw ServiceError.validation("Target \(id): \(error.message)")
        }
    }

    private static func httpParameters(_ input: JSON11Input) throws -> EventTarget.HttpParameters? {
        guard let http = try input.structure("HttpParameters") else { return nil }
        let p = http.path
        let values = try http.strings("PathParameterValues") ?? []
        for value in values where value.allSatisfy(\.isWhitespace) {
            throw EventsValidation.failure(value, p + "PathParameterValues", "Member must satisfy regular expression pattern: ^(?!\\s*$).+")
        }
        let headers = try http.stringMap("HeaderParameters") ?? []
        for (key, value) in headers {
            try HttpParameterText.headerKey(key, p + "HeaderParameters")
            try HttpParameterText.headerValue(value, p + "HeaderParameters.\(key)")
        }
        let query = try http.stringMap("QueryStringParameters") ?? []
        for (key, value) in query {
            try HttpParameterText.queryKey(key, p + "QueryStringParameters")
            try HttpParameterText.queryValue(value, p + "QueryStringParameters.\(key)")
        }
        return EventTarget.HttpParameters(
            pathParameterValues: values, headerParameters: Dictionary(headers, uniquingKeysWith: { $1 }),
            queryStringParameters: Dictionary(query, uniquingKeysWith: { $1 }))
    }

    private static func retryPolicy(_ input: JSON11Input) throws -> EventTarget.RetryPolicy? {
        guard let retry = try input.structure("RetryPolicy") else { return nil }
        return EventTarget.RetryPolicy(
            maximumRetryAttempts: try EventsValidation.range(retry.int("MaximumRetryAttempts"), retry.path + "MaximumRetryAttempts", 0...185),
            maximumEventAgeSeconds: try EventsValidation.range(
                retry.int("MaximumEventAgeInSeconds"), retry.path + "MaximumEventAgeInSeconds", 60...86400))
    }
}
