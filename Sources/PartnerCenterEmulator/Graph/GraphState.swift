/// The Microsoft Graph GDAP part of the emulator state (owned by the Graph surface).
package struct GraphState: Codable, Sendable, Equatable { package init() {} }
