import Foundation

/// Compares two JSON documents by shape: the same keys at every level (recursively) and the same value types
/// (string, number, boolean, null, array, object). Arrays compare element by element when both have the same
/// count, otherwise every actual element against the first expected one.
enum JSONShape {
    static func differences(expected: Any, actual: Any, path: String = "$") -> [String] {
        switch (expected, actual) {
        case (let left as [String: Any], let right as [String: Any]):
            var problems: [String] = []
            let missing = Set(left.keys).subtracting(right.keys).sorted()
            let extra = Set(right.keys).subtracting(left.keys).sorted()
            if !missing.isEmpty { problems.append("\(path): missing keys \(missing)") }
            if !extra.isEmpty { problems.append("\(path): unexpected keys \(extra)") }
            for key in Set(left.keys).intersection(right.keys).sorted() {
                problems += differences(expected: left[key] as Any, actual: right[key] as Any, path: "\(path).\(key)")
            }
            return problems
        case (let left as [Any], let right as [Any]):
            guard let first = left.first else { return [] }
            if left.count == right.count {
                return zip(left, right).enumerated().flatMap { index, pair in
                    differences(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]")
                }
            }
            return right.enumerated().flatMap { index, element in
                differences(expected: first, actual: element, path: "\(path)[\(index)]")
            }
        default:
            let left = kind(expected)
            let right = kind(actual)
            return left == right ? [] : ["\(path): expected \(left), got \(right)"]
        }
    }

    static func kind(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case _ where type(of: value) == Bool.self: return "boolean"
        case let number as NSNumber:
            return String(cString: number.objCType) == "c" ? "boolean" : "number"
        case is Int, is Double: return "number"
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        default: return "unknown"
        }
    }

    /// The value at a dotted path such as `billingProfile.attributes.etag` or `items.0.id`.
    static func value(_ document: Any, _ path: String) -> Any? {
        var current: Any? = document
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current as? [Any] {
                current = index < array.count ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[String(part)]
            }
        }
        return current
    }

    /// Equality of two JSON values (numbers by value, objects by keys and values).
    static func equal(_ left: Any, _ right: Any) -> Bool {
        guard kind(left) == kind(right) else { return false }
        switch (left, right) {
        case (let a as [String: Any], let b as [String: Any]):
            return Set(a.keys) == Set(b.keys) && a.keys.allSatisfy { equal(a[$0] as Any, b[$0] as Any) }
        case (let a as [Any], let b as [Any]):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (let a as String, let b as String):
            return a == b
        case (is NSNull, is NSNull):
            return true
        case (let a as NSNumber, let b as NSNumber):
            return a.doubleValue == b.doubleValue
        default:
            return false
        }
    }
}
