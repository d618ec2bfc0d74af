import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Issue 16: the example workflows' cspctl steps, run as the runners run them (each `run:` block of
/// examples/github-actions and examples/azure-pipelines, read with PyYAML, under `bash -eo pipefail` with the
/// runner's variables, a fresh step summary and output file per step, and GitHub's OIDC token service played by
/// the emulator), against the emulator through the built binary. The `actions/github-script` steps are
/// JavaScript the harness cannot run: it checks the files they post (the comment body, the issue text) and the
/// outputs their conditions read.
@Suite(.tags(.endToEnd, .python)) struct CIWorkflowHarnessTests {
    @Test func pullRequestWithChangesIsPlannedCommentedAndTheReviewedPlanApplied() async throws {
        try await WorkflowRun.with(manifest: ApplyFixtures.manifest(customers: 1, prefix: "cipr")) { run in
            let plan = try await run.gitHub("cspctl-plan.yml", step: "plan")
            #expect(plan.status == 0, "\(plan.output)")
            #expect(plan.outputs["has_changes"] == "true" && plan.outputs["unknown"] == "0", "\(plan.outputs)")
            #expect(plan.outputs["create"].flatMap(Int.init) ?? 0 >= 1)
            #expect(plan.outputs["plan_file"] == run.runnerTemp.appendingPathComponent("cspctl/plan.json").path)
            #expect(plan.summary.contains("<!-- cspctl:plan ") && plan.summary.contains("to create"))
            let comment = try run.file("cspctl/comment.md")
            #expect(comment.hasPrefix("<!-- cspctl:plan "), "the marker the comment step finds: \(comment.prefix(80))")
            #expect(comment.contains("cipr0.onmicrosoft.com"))
            #expect(plan.stderr.contains("::error") == false, "\(plan.stderr)")

            let key = try await run.makeRecipientKey()
            let apply = try await run.gitHub("cspctl-apply.yml", step: "apply", env: ["REVIEWED_PULL": "7"])
            #expect(apply.status == 0, "\(apply.output)")
            #expect(apply.stdout.contains("customer[cipr0.onmicrosoft.com] (create): applied and verified"))
            #expect(!apply.summary.contains("failed"), "\(apply.summary)")
            // Only the sealed file is left to upload, and the partner's private key opens it.
            let sealed = run.runnerTemp.appendingPathComponent("cspctl-sealed/admin-credentials.sealed.jsonl").path
            let sealedText = try String(contentsOfFile: sealed, encoding: .utf8)
            #expect(
                sealedText.contains("cspctl-sealed-credentials/") && !sealedText.contains("password"),
                "\(sealedText)"
            )
            #expect(!sealedText.contains("admin@"), "no user name in clear")
            let opened = try await CLIRunner().run(["credentials", "open", "--key", key, sealed])
            #expect(opened.status == 0 && opened.stdout.contains("cipr0.onmicrosoft.com"), "\(opened.stderr)")
        }
    }

    @Test func pullRequestWithoutChangesSaysSo() async throws {
        let domain = "cisync.onmicrosoft.com"
        try await WorkflowRun.with(manifest: PlanFixtures.inSyncManifest(domain)) { run in
            try await run.harness.createCustomer(domain)
            let plan = try await run.gitHub("cspctl-plan.yml", step: "plan")
            #expect(plan.status == 0, "\(plan.output)")
            #expect(plan.outputs["has_changes"] == "false" && plan.outputs["unknown"] == "0", "\(plan.outputs)")
            #expect(plan.outputs["create"] == "0" && plan.outputs["update"] == "0")
            #expect(try run.file("cspctl/comment.md").contains("No changes. Partner Center matches the manifests."))
        }
    }

    @Test func brokenManifestIsAnnotatedOnItsLineAndNothingIsPlanned() async throws {
        let broken = "apiVersion: cspctl/v1\ncustomers:\n  - domain: broken.onmicrosoft.com\n    quantityy: 3\n"
        try await WorkflowRun.with(manifest: broken) { run in
            let validate = try await run.gitHub("cspctl-plan.yml", step: "validate")
            #expect(validate.status == 1)
            let annotations = validate.stderr.split(separator: "\n").filter { $0.hasPrefix("::error file=customers/") }
            #expect(annotations.contains { $0.contains(",line=4,col=5,title=cspctl ") }, "\(validate.stderr)")
            let plan = try await run.gitHub("cspctl-plan.yml", step: "plan")
            #expect(plan.status == 1)
            #expect(plan.stderr.contains("::error file=customers/"))
            #expect(
                !FileManager.default.fileExists(atPath: run.runnerTemp.appendingPathComponent("cspctl/comment.md").path)
            )
            #expect(plan.outputs.isEmpty && plan.summary.isEmpty)
        }
    }

    /// `--ci` overrides the detection both ways, for the annotations and for the protection of printed text.
    @Test func ciFlagOverridesTheDetection() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("m.yaml")
        try PlanFixtures.write(
            "apiVersion: cspctl/v1\ncustomers:\n  - domain: a.onmicrosoft.com\n    '##[x]': 3\n",
            to: manifest
        )
        var cli = CLIRunner()
        let forced = try await cli.run(["validate", manifest.path, "--ci", "github"])
        #expect(forced.status == 1)
        #expect(
            forced.stderr.contains("::error file=\(manifest.path.replacingOccurrences(of: ":", with: "%3A")),line=4")
        )
        #expect(!forced.stderr.contains("##[x]") && forced.stderr.contains("#\u{2060}#[x]"), "\(forced.stderr)")
        cli.environment = ["GITHUB_ACTIONS": "true"]
        let off = try await cli.run(["validate", manifest.path, "--ci", "none"])
        #expect(off.status == 1 && !off.stderr.contains("::error") && off.stderr.contains("##[x]"), "\(off.stderr)")
    }

    /// Nothing plans and applies in one step without a person: `apply PATH...` in CI (no terminal) refuses before
    /// anything is sent, and says so as an annotation and in the job summary.
    @Test func applyOfManifestsWithoutATerminalChangesNothing() async throws {
        try await WorkflowRun.with(manifest: ApplyFixtures.manifest(customers: 1, prefix: "cinotty")) { run in
            let apply = try await run.gitHub(
                script: "cspctl apply customers --credentials-out \"$RUNNER_TEMP/admins.jsonl\"",
                env: [:]
            )
            #expect(apply.status == 1)
            #expect(apply.stderr.contains("::error title=cspctl apply::no terminal to confirm on"), "\(apply.stderr)")
            #expect(apply.summary.contains("nothing was sent"))
            let plan = try await run.gitHub("cspctl-plan.yml", step: "plan")
            #expect(plan.outputs["has_changes"] == "true" && plan.outputs["create"] != "0", "\(plan.outputs)")
        }
    }

    @Test func stalePlanAtMergeFailsWithTheRefusalInTheSummary() async throws {
        try await WorkflowRun.with(manifest: ApplyFixtures.manifest(customers: 1, prefix: "cistale")) { run in
            #expect(try await run.gitHub("cspctl-plan.yml", step: "plan").status == 0)
            _ = try await run.makeRecipientKey()
            try await run.harness.createCustomer("cistale0.onmicrosoft.com")
            let apply = try await run.gitHub("cspctl-apply.yml", step: "apply", env: ["REVIEWED_PULL": "8"])
            #expect(apply.status == 1)
            #expect(apply.stderr.contains("::error title=cspctl apply::the plan is stale"), "\(apply.stderr)")
            #expect(apply.summary.contains("### cspctl apply failed"), "\(apply.summary)")
            #expect(apply.summary.contains("customer[cistale0.onmicrosoft.com]: was absent, now exists"))

            // The merged manifests differ from the reviewed ones: refused before cspctl runs.
            try "# edited after review\n".write(
                to: run.repository.appendingPathComponent("customers/extra.yaml"),
                atomically: true,
                encoding: .utf8
            )
            let edited = try await run.gitHub("cspctl-apply.yml", step: "apply", env: ["REVIEWED_PULL": "8"])
            #expect(edited.status == 1)
            #expect(edited.summary.contains("are not the ones planned on pull request #8"), "\(edited.summary)")
        }
    }

    @Test func driftNightAndBackInSync() async throws {
        let domain = "cidrift.onmicrosoft.com"
        try await WorkflowRun.with(manifest: PlanFixtures.inSyncManifest(domain)) { run in
            try await run.harness.createCustomer(domain)
            let inSync = try await run.gitHub("cspctl-drift.yml", step: "drift")
            #expect(inSync.status == 0 && inSync.outputs["verdict"] == "in-sync", "\(inSync.output)")
            #expect(try await run.gitHub("cspctl-drift.yml", step: "Verdict", env: ["VERDICT": "in-sync"]).status == 0)

            try run.write(ApplyFixtures.manifest(customers: 1, prefix: "cidriftnew"))
            let drift = try await run.gitHub("cspctl-drift.yml", step: "drift")
            #expect(drift.outputs["verdict"] == "drift" && drift.outputs["has_changes"] == "true", "\(drift.output)")
            let issue = try run.file("cspctl/drift.md")
            #expect(issue.contains("## cspctl") && issue.contains("cidriftnew0.onmicrosoft.com"))
            #expect(drift.summary.contains("cidriftnew0.onmicrosoft.com"))
            #expect(try await run.gitHub("cspctl-drift.yml", step: "Verdict", env: ["VERDICT": "drift"]).status == 0)
        }
    }

    @Test func unknownNightIsReportedAsUnknownNeverAsDrift() async throws {
        let domain = "ciunknown.onmicrosoft.com"
        try await WorkflowRun.with(manifest: PlanFixtures.inSyncManifest(domain)) { run in
            try await run.harness.createCustomer(domain)
            let fault = try await run.harness.control(
                .PUT,
                "faults",
                json: ["faults": [["route": "/profiles/billing$", "method": "GET", "error503Rate": 1.0]]]
            )
            #expect(fault.status == 200, "\(fault.text)")
            let night = try await run.gitHub("cspctl-drift.yml", step: "drift")
            #expect(night.outputs["verdict"] == "unknown", "\(night.output)")
            #expect(night.outputs["has_changes"] == "false" && night.outputs["unknown"] != "0", "\(night.outputs)")
            let verdict = try await run.gitHub("cspctl-drift.yml", step: "Verdict", env: ["VERDICT": "unknown"])
            #expect(verdict.status == 3)
            #expect(verdict.stdout.contains("::error title=cspctl drift::unknown, not drift"), "\(verdict.output)")
        }
    }

    @Test func azurePipelinesPlanStepWritesLoggingCommandsAndTheSummary() async throws {
        try await WorkflowRun.with(manifest: ApplyFixtures.manifest(customers: 1, prefix: "ciazure")) { run in
            let plan = try await run.azure("cspctl-plan.yml", step: "plan")
            #expect(plan.status == 0, "\(plan.output)")
            #expect(plan.stderr.contains("##vso[task.setvariable variable=has_changes;isOutput=true]true\n"))
            let upload = try #require(
                plan.stderr.split(separator: "\n").first { $0.hasPrefix("##vso[task.uploadsummary]") }
            )
            let summary = try String(
                contentsOfFile: String(upload.dropFirst("##vso[task.uploadsummary]".count)),
                encoding: .utf8
            )
            #expect(summary.contains("<!-- cspctl:plan ") && summary.contains("ciazure0.onmicrosoft.com"))
            #expect(
                FileManager.default.fileExists(
                    atPath: run.runnerTemp.appendingPathComponent("staging/cspctl/plan.json").path
                )
            )

            // A company name that is a logging command reaches the log only broken (U+2060 after the first #).
            let hostile = ApplyFixtures.manifest(customers: 1, prefix: "cihostile")
                .replacingOccurrences(
                    of: "companyName: Company 0",
                    with: "companyName: '##vso[task.setvariable variable=pwned]1'"
                )
            try run.write(hostile)
            let injected = try await run.azure("cspctl-plan.yml", step: "plan")
            #expect(injected.status == 0, "\(injected.output)")
            #expect(injected.stdout.contains("#\u{2060}#vso[task.setvariable variable=pwned]1"), "\(injected.stdout)")
            #expect(!(injected.stdout + injected.stderr).contains("##vso[task.setvariable variable=pwned"))

            try run.write("apiVersion: cspctl/v1\ncustomers:\n  - domain: x.onmicrosoft.com\n    quantityy: 3\n")
            let validate = try await run.azure("cspctl-plan.yml", step: "validate")
            #expect(validate.status == 1)
            #expect(
                validate.stderr.contains("##vso[task.logissue type=error;sourcepath=customers/"),
                "\(validate.stderr)"
            )
            #expect(validate.stderr.contains(";linenumber=4;columnnumber=5;code="))
        }
    }
}

/// One repository checkout, one emulator, and the runner's folders, for running workflow steps.
struct WorkflowRun {
    let harness: EmulatorHarness
    let repository: URL
    let runnerTemp: URL
    let credentials: [String: String]

    struct StepResult {
        var status: Int32
        var stdout: String
        var stderr: String
        var summary: String
        var outputs: [String: String]
        var output: String { "exit \(status)\n\(stdout)\n\(stderr)" }
    }

    static func with(manifest: String, _ body: (WorkflowRun) async throws -> Void) async throws {
        try PythonTools.require(["yaml"])
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = folder.appendingPathComponent("repo")
        let runnerTemp = folder.appendingPathComponent("runner-temp")
        for directory in [repository.appendingPathComponent("customers"), runnerTemp] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try await EmulatorHarness.with { harness in
            let subject = "repo:contoso/csp-manifests:pull_request"
            let federation = try await harness.control(
                .POST,
                "applications/\(DevelopmentPartner.clientId)/federatedIdentityCredentials",
                json: [
                    "name": "pull-requests", "issuer": "https://token.actions.githubusercontent.com",
                    "subject": subject,
                ]
            )
            #expect(federation.status < 300, "\(federation.text)")
            let oidc = try await harness.control(.POST, "actions/runs", json: ["subject": subject])
            let runInfo = try #require(try oidc.json() as? [String: Any])
            let run = WorkflowRun(
                harness: harness,
                repository: repository,
                runnerTemp: runnerTemp,
                credentials: [
                    "CSPCTL_ENDPOINT": harness.baseURL,
                    "AZURE_TENANT_ID": DevelopmentPartner.tenantId,
                    "AZURE_CLIENT_ID": DevelopmentPartner.clientId,
                    "CSPCTL_REFRESH_TOKEN": DevelopmentPartner.refreshToken,
                    "ACTIONS_ID_TOKEN_REQUEST_URL": runInfo["requestUrl"] as? String ?? "",
                    "ACTIONS_ID_TOKEN_REQUEST_TOKEN": runInfo["requestToken"] as? String ?? "",
                ]
            )
            try run.write(manifest)
            try await body(run)
        }
    }

    /// The partner's key pair: the public key where the apply workflows look for it, the private key's path.
    func makeRecipientKey() async throws -> String {
        let keys = repository.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let privateKey = runnerTemp.deletingLastPathComponent().appendingPathComponent("partner.pem").path
        let made = try await CLIRunner().run([
            "credentials", "keygen", "--private-key", privateKey,
            "--public-key", keys.appendingPathComponent("credentials-recipient.pub.pem").path,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        return privateKey
    }

    /// Replaces the repository's manifests with `manifest` (one file).
    func write(_ manifest: String) throws {
        let customers = repository.appendingPathComponent("customers")
        try? FileManager.default.removeItem(at: customers)
        try FileManager.default.createDirectory(at: customers, withIntermediateDirectories: true)
        try manifest.write(to: customers.appendingPathComponent("customers.yaml"), atomically: true, encoding: .utf8)
    }

    func file(_ path: String) throws -> String {
        try String(contentsOf: runnerTemp.appendingPathComponent(path), encoding: .utf8)
    }

    /// The `run:` block of the step with this id (or name) of examples/github-actions/FILE, run as the runner runs
    /// it: `bash --noprofile --norc -eo pipefail`, the workflow's `env:`, GITHUB_ACTIONS, RUNNER_TEMP, and a new
    /// GITHUB_STEP_SUMMARY and GITHUB_OUTPUT file.
    func gitHub(_ file: String, step: String, env: [String: String] = [:]) async throws -> StepResult {
        let workflow = try WorkflowFile.read("examples/github-actions/" + file, kind: "github")
        let script = try #require(workflow.steps[step], "no step \(step) in \(file): \(workflow.steps.keys)")
        return try await gitHub(script: script, env: workflow.env.merging(env) { _, new in new })
    }

    /// `script` as a GitHub Actions `run:` step with `env`.
    func gitHub(script: String, env: [String: String]) async throws -> StepResult {
        let stepFiles = runnerTemp.appendingPathComponent("step-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stepFiles, withIntermediateDirectories: true)
        let summary = stepFiles.appendingPathComponent("summary.md")
        let output = stepFiles.appendingPathComponent("output")
        for url in [summary, output] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        var environment = credentials
        environment.merge([
            "GITHUB_ACTIONS": "true", "RUNNER_TEMP": runnerTemp.path,
            "GITHUB_STEP_SUMMARY": summary.path, "GITHUB_OUTPUT": output.path,
        ]) { _, new in new }
        environment.merge(env) { _, new in new }
        let result = try await bash(script, environment: environment)
        return StepResult(
            status: result.status,
            stdout: result.stdout,
            stderr: result.stderr,
            summary: (try? String(contentsOf: summary, encoding: .utf8)) ?? "",
            outputs: GitHubRunner.parseOutputs(try String(contentsOf: output, encoding: .utf8))
                .merging(Self.simpleOutputs(try String(contentsOf: output, encoding: .utf8))) { old, _ in old }
        )
    }

    /// The script of the step named STEP of examples/azure-pipelines/FILE (`bash:`, or an AzureCLI@2 task's
    /// `inlineScript` with the variables `addSpnToEnvironment` sets: tenantId, servicePrincipalId and idToken, a
    /// GitHub-issued token the emulator's federation trusts), with TF_BUILD and the agent's folders.
    func azure(_ file: String, step: String) async throws -> StepResult {
        let pipeline = try WorkflowFile.read("examples/azure-pipelines/" + file, kind: "azure")
        let script = try #require(pipeline.steps[step], "no step \(step) in \(file): \(pipeline.steps.keys)")
        let token = try await harness.send(
            .GET,
            String((credentials["ACTIONS_ID_TOKEN_REQUEST_URL"] ?? "").dropFirst(harness.baseURL.count))
                + "&audience=api://AzureADTokenExchange",
            headers: [("Authorization", "bearer \(credentials["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] ?? "")")]
        )
        let idToken = (try token.json() as? [String: Any])?["value"] as? String ?? ""
        let staging = runnerTemp.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        var environment = pipeline.env.merging(credentials) { _, new in new }
        for key in ["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"] { environment[key] = nil }
        environment.merge([
            "TF_BUILD": "True", "AGENT_TEMPDIRECTORY": runnerTemp.path, "BUILD_ARTIFACTSTAGINGDIRECTORY": staging.path,
            "tenantId": DevelopmentPartner.tenantId, "servicePrincipalId": DevelopmentPartner.clientId,
            "idToken": idToken,
        ]) { _, new in new }
        let result = try await bash(script, environment: environment)
        return StepResult(
            status: result.status,
            stdout: result.stdout,
            stderr: result.stderr,
            summary: "",
            outputs: [:]
        )
    }

    private func bash(_ script: String, environment: [String: String]) async throws -> CLIRunner.Output {
        var runner = CLIRunner()
        let cspctlFolder = runner.binary.deletingLastPathComponent().path
        runner.binary = URL(fileURLWithPath: "/bin/bash")
        runner.environment = environment
        runner.environment["PATH"] =
            cspctlFolder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        runner.timeout = .seconds(120)
        return try await runner.run(["--noprofile", "--norc", "-eo", "pipefail", "-c", script], in: repository)
    }

    /// `name=value` lines (the single-line form the workflows' own steps write).
    static func simpleOutputs(_ text: String) -> [String: String] {
        var outputs: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.contains("<<") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            outputs[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return outputs
    }
}

struct Unreadable: Error, CustomStringConvertible {
    var description: String
}

/// A workflow's steps that run scripts, keyed by id (or name), and its top-level environment, read with PyYAML.
struct WorkflowFile {
    var env: [String: String]
    var steps: [String: String]

    static let reader = """
        import json, sys, yaml
        doc = yaml.safe_load(open(sys.argv[1]))
        env, steps = {}, {}
        if sys.argv[2] == "github":
            env = {k: str(v) for k, v in (doc.get("env") or {}).items()}
            for job in doc["jobs"].values():
                for step in job.get("steps", []):
                    if "run" in step:
                        steps[step.get("id") or step.get("name")] = step["run"]
        else:
            for v in doc.get("variables") or []:
                if "name" in v:
                    env[v["name"]] = str(v["value"])
            def walk(node):
                if isinstance(node, dict):
                    script = node.get("bash") or (node.get("inputs") or {}).get("inlineScript")
                    if isinstance(script, str):
                        steps[node.get("name") or node.get("displayName")] = script
                    for value in node.values():
                        walk(value)
                elif isinstance(node, list):
                    for value in node:
                        walk(value)
            walk(doc)
        print(json.dumps({"env": env, "steps": steps}))
        """

    static func read(_ path: String, kind: String) throws -> WorkflowFile {
        let file = CLIRunner.packageRoot.appendingPathComponent(path).path
        let run = try PythonTools.run(["-c", reader, file, kind])
        guard run.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        else {
            throw Unreadable(description: "cannot read \(path): \(run.combined)")
        }
        return WorkflowFile(
            env: object["env"] as? [String: String] ?? [:],
            steps: object["steps"] as? [String: String] ?? [:]
        )
    }
}

/// How the runner reads `$GITHUB_OUTPUT`'s multi-line form (see CIWorkflowCommandsTests' restatement).
enum GitHubRunner {
    static func parseOutputs(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var lines = text.components(separatedBy: "\n").makeIterator()
        while let line = lines.next() {
            guard let range = line.range(of: "<<") else { continue }
            let delimiter = String(line[range.upperBound...])
            var value: [String] = []
            while let next = lines.next(), next != delimiter { value.append(next) }
            result[String(line[..<range.lowerBound])] = value.joined(separator: "\n")
        }
        return result
    }
}
