import GranaryCore
import HTTP

/// TagResource, UntagResource, ListTagsForResource.
enum TagOperations {
    struct TagBody: Decodable { let tags: [TagWire] }
    struct UntagBody: Decodable { let tagKeys: [String] }
    struct ListResult: Encodable { let tags: [TagWire] }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/v1/tag") { call in
            let body = try call.decode(TagBody.self)
            try TagService(call.services).tag(arn: try call.query("resourceArn"), tags: body.tags.map(\.tag))
            return APIResponse.empty()
        }
        registrar.add("POST", "/v1/untag") { call in
            let body = try call.decode(UntagBody.self)
            try TagService(call.services).untag(arn: try call.query("resourceArn"), keys: body.tagKeys)
            return APIResponse.empty()
        }
        registrar.add("POST", "/v1/tags") { call in
            let tags = try TagService(call.services).list(arn: try call.query("resourceArn"))
            return try APIResponse.json(ListResult(tags: tags.map { TagWire(key: $0.key, value: $0.value) }))
        }
    }
}
