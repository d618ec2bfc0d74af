package import Testing

/// What a suite needs to run, and so how long it takes. Every `@Suite` carries exactly one kind (`unit`, `loopback`,
/// `endToEnd`), plus `slow` when it takes more than about five seconds on a debug build and `python` when it runs
/// python3 tools. `SuiteTagsTests` checks every suite, and that the README's fast command skips exactly the
/// `endToEnd` and `slow` suites (this toolchain's `swift test --filter` cannot select by tag: the command names the
/// suites the tags select).
extension Tag {
    /// In-process only: no network, no process of ours (values, parsing, planning, rendering, files).
    @Tag package static var unit: Self
    /// Talks HTTP over loopback to an emulator started in this process (`EmulatorHarness`).
    @Tag package static var loopback: Self
    /// Runs the built `cspctl` binary (`CLIRunner`), usually against an in-process emulator.
    @Tag package static var endToEnd: Self
    /// Takes more than about five seconds on a debug build (measured with `swift test --no-parallel`).
    @Tag package static var slow: Self
    /// Runs python3 tools (jsonschema, PyYAML, cmark-gfm): see ``PythonTools``.
    @Tag package static var python: Self
}
