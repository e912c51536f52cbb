/// Amazon Resource Names in the forms Granary hands out.
public enum ARN {
    public static let partition = "aws"

    public static func user(account: String, name: String) -> String {
        "arn:\(partition):iam::\(account):user/\(name)"
    }

    public static func accountRoot(_ account: String) -> String {
        "arn:\(partition):iam::\(account):root"
    }
}
