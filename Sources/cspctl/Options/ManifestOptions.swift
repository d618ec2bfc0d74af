import ArgumentParser

/// The manifest files and folders a command reads.
struct ManifestOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Manifest files or folders (folders are searched recursively for *.yaml and *.yml).",
            valueName: "path"
        )
    )
    var paths: [String] = []

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("Give at least one manifest file or folder, such as `cspctl validate manifests/`.")
        }
    }
}
